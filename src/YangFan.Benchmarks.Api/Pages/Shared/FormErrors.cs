using FluentValidation;
using Microsoft.AspNetCore.Components.Forms;

namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>
/// A form's errors by field, from the same validation that guards the API (the command's validator, run by the
/// Mediator pipeline) or from a refusal the page places on a field. <see cref="FieldError"/> shows them beside the
/// field; the field points at them with <c>aria-describedby</c>. Each error also goes to the form's
/// <see cref="EditContext"/> under the model's property of that name, so Blazor's inputs mark themselves
/// <c>aria-invalid</c>.
/// </summary>
public sealed class FormErrors(EditContext form)
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.OrdinalIgnoreCase);
    private readonly ValidationMessageStore _store = new(form);

    public bool Any => _byField.Count > 0;

    /// <summary>An error of a field, named as the API names it (<c>email</c>) or as the model does (<c>Email</c>).</summary>
    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
            _byField[field] = messages = [];
        messages.Add(message);
        _store.Add(form.Field(char.ToUpperInvariant(field[0]) + field[1..]), message);
        form.NotifyValidationStateChanged();
    }

    /// <summary>Each failure under its field: the first segment of its property path (<c>email</c>, <c>organisation</c>).</summary>
    public void Add(ValidationException refused)
    {
        foreach (var failure in refused.Errors)
            Add(failure.PropertyName.Split('.', '[')[0], failure.ErrorMessage);
    }

    public IReadOnlyList<string> For(string field) => _byField.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>The id of the element that holds a field's errors.</summary>
    public static string ErrorId(string field) => field + "-error";

    /// <summary>The field's <c>aria-describedby</c>: its error element when it has errors, otherwise nothing.</summary>
    public string? DescribedBy(string field) => For(field).Count > 0 ? ErrorId(field) : null;
}
