using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Features.Organisations;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Pages.Organisations;

/// <summary>What the organisation pages share: signing in after signing up, reading uploads, the page endpoints.</summary>
public static class OrganisationPages
{
    /// <summary>The pages that take two documents in one post get the body size of two attachments.</summary>
    public static Action<EndpointBuilder> AcceptsDocuments(StorageOptions storage) => endpoint =>
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type == typeof(SignUp) || m.Type == typeof(OrganisationPage)))
            endpoint.Metadata.Add(new BodySizeLimit(2 * storage.MaxAttachmentBytes + 64 * 1024));
    };

    /// <summary>
    /// Signs the person in to the pages with the password just chosen and makes them the caller of this request, so
    /// that the commands sent next (documents, a claim) act for them. Null when the password check refuses.
    /// </summary>
    public static async Task<SignInToPages.PageSession?> SignInAsync(HttpContext http, ISender sender, string email, string password)
    {
        var outcome = await sender.Send(new SignInToPages.Command(email, password), http.RequestAborted);
        if (outcome.Session is not { } session)
            return null;
        await RenewAsync(http, session);
        return session;
    }

    /// <summary>Issues the page session again (e.g. after joining an organisation) and makes it this request's caller.</summary>
    public static async Task RenewAsync(HttpContext http, SignInToPages.PageSession session)
    {
        var principal = PageSessions.Principal(session.UserId, session.Email, session.DisplayName, session.Role, session.OrganisationId,
            session.SecurityStamp);
        await http.SignInAsync(PageSessions.Cookie, principal);
        http.User = principal;
    }

    /// <summary>An uploaded file, unread; 400 on the field when none was chosen, 413 past the attachment limit.</summary>
    public static Upload File(HttpContext http, string field, StorageOptions storage) =>
        FileIntake.ReadFile(http.Request.Form, field, storage);

    /// <summary>The field a validation failure belongs to: the last segment of its path, as the form names it (<c>creditCode</c>).</summary>
    public static string FieldOf(string propertyName)
    {
        var last = propertyName.Split('.').Last().Split('[')[0];
        return last.Length == 0 ? "form" : char.ToLowerInvariant(last[0]) + last[1..];
    }

    /// <summary>
    /// <c>/organisation-documents/{id}</c>: a document for the pages' signed-in users, by the same rule as the API's;
    /// <c>/signup/credit-code</c>: the sign-up's credit-code check as it is typed, an HTML fragment for htmx.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/organisation-documents/{id:guid}", async (Guid id, ISender sender, HttpContext http) =>
            {
                var (document, content) = await sender.Send(new DownloadOrganisationDocument.Query(id), http.RequestAborted);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(content, document.MediaType, document.FileName);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();

        // Anyone may ask, many times a minute while typing: it computes from memory and never says whether a code is
        // registered. Past what the submit would read, it is refused unread.
        app.MapGet(CreditCodeCheck.Path, ([FromQuery(Name = CreditCodeCheck.Field)] string? code) =>
            {
                if (code?.Length > CreditCode.MaxInputLength)
                    throw ProblemException.Invalid(CreditCodeCheck.Field, $"A credit code is read up to {CreditCode.MaxInputLength} characters.");
                return new RazorComponentResult<CreditCodeCheck>(new { Code = code });
            })
            .ExcludeFromDescription();
    }

    /// <summary>Whether the failure is Identity's password rule (its own English sentences are replaced by the page's).</summary>
    public static bool IsPasswordRule(FluentValidation.Results.ValidationFailure failure) =>
        failure.PropertyName == "password" && string.IsNullOrEmpty(failure.ErrorCode);
}
