using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>Turns ASP.NET Core Identity's failures into our problem responses.</summary>
public static class IdentityErrors
{
    /// <summary>Identity's password rules (those of registration) for <paramref name="user"/>, as field errors on <c>password</c>.</summary>
    public static async Task ThrowIfPasswordRefusedAsync(UserManager<AppUser> users, AppUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        ThrowIfFailed(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    public static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded)
            return;
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            throw ProblemException.Duplicate("An account with this e-mail already exists.");
        throw new ValidationException(result.Errors.Select(e => new ValidationFailure(
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("Email") ? "email" : "user",
            e.Description)));
    }
}
