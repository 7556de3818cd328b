using YangFan.Benchmarks.Api.Features.Reference;

namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>
/// The names of programmes, sectors and provinces, read once through the same queries as the API. They are reference
/// data, written only by the seeding at start-up, so a page that shows fifty entries does not read them fifty times,
/// or even once, per request.
/// </summary>
public sealed class ReferenceNames(IServiceScopeFactory scopes)
{
    public sealed record Names(
        IReadOnlyList<ListProgrammes.ProgrammeView> Programmes,
        IReadOnlyList<ListSectors.SectorView> Sectors,
        IReadOnlyList<ListProvinces.ProvinceView> Provinces);

    private Task<Names>? _names;

    public Task<Names> GetAsync()
    {
        var names = _names;
        if (names is null || names.IsFaulted || names.IsCanceled)
            _names = names = LoadAsync();
        return names;
    }

    private async Task<Names> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
        return new Names(
            await sender.Send(new ListProgrammes.Query()),
            await sender.Send(new ListSectors.Query()),
            await sender.Send(new ListProvinces.Query()));
    }

    public static string Programme(Names names, string key) =>
        names.Programmes.FirstOrDefault(p => p.Key == key) is { } p ? (PagesSetup.IsChinese ? p.NameZh : p.NameEn) : key;

    public static string Sector(Names names, string? code) =>
        code is null ? "" : names.Sectors.FirstOrDefault(s => s.Code == code) is { } s ? (PagesSetup.IsChinese ? s.NameZh : s.NameEn) : code;

    public static string Province(Names names, string code) =>
        names.Provinces.FirstOrDefault(p => p.Code == code) is { } p ? (PagesSetup.IsChinese ? p.NameZh : p.NameEn) : code;
}
