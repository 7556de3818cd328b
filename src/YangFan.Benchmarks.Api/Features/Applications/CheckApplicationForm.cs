using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// What the application's content still lacks, or has wrong, for submission, checked completely against the form
/// its call pins: the submit checklist shows each one in the page's language, linked to its field.
/// </summary>
public static class CheckApplicationForm
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<ContentErrorView>>;

    /// <summary>An error at the JSON Pointer of a value (or of the missing property), in Chinese and English.</summary>
    public sealed record ContentErrorView(string Pointer, string MessageZh, string MessageEn);

    public sealed class Handler(AppDbContext db, ICurrentUser user, FormLibrary forms) : IQueryHandler<Query, IReadOnlyList<ContentErrorView>>
    {
        public async ValueTask<IReadOnlyList<ContentErrorView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var form = await forms.ForApplicationAsync(application, ct);
            using var content = System.Text.Json.JsonDocument.Parse(application.Content);
            return form.Check(content.RootElement, complete: true)
                .Select(e => new ContentErrorView(e.Pointer, e.Message.Zh, e.Message.En)).ToList();
        }
    }
}
