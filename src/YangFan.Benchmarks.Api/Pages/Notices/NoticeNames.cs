using Mediator;
using YangFan.Benchmarks.Api.Features.Reference;

namespace YangFan.Benchmarks.Api.Pages.Notices;

/// <summary>
/// The names the notice pages show for codes (programme, sector, province), from the reference data in the page's
/// language; an unknown code shows as itself.
/// </summary>
public sealed class NoticeNames
{
    private readonly Dictionary<string, string> _programmes;
    private readonly Dictionary<string, string> _sectors;
    private readonly Dictionary<string, string> _provinces;

    private NoticeNames(Dictionary<string, string> programmes, Dictionary<string, string> sectors, Dictionary<string, string> provinces) =>
        (_programmes, _sectors, _provinces) = (programmes, sectors, provinces);

    public static async Task<NoticeNames> LoadAsync(ISender sender, CancellationToken ct)
    {
        var zh = PagesSetup.IsChinese;
        var programmes = (await sender.Send(new ListProgrammes.Query(), ct)).ToDictionary(p => p.Key, p => zh ? p.NameZh : p.NameEn);
        var sectors = (await sender.Send(new ListSectors.Query(), ct)).ToDictionary(s => s.Code, s => zh ? s.NameZh : s.NameEn);
        var provinces = (await sender.Send(new ListProvinces.Query(), ct)).ToDictionary(p => p.Code, p => zh ? p.NameZh : p.NameEn);
        return new NoticeNames(programmes, sectors, provinces);
    }

    public string Programme(string key) => _programmes.GetValueOrDefault(key, key);

    public string Sector(string? code) => code is null ? "—" : _sectors.GetValueOrDefault(code, code);

    public string Province(string code) => _provinces.GetValueOrDefault(code, code);
}
