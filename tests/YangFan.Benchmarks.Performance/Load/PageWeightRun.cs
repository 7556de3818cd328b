using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// <c>page-weights</c>: what each public page costs a browser (issue 13, "Numbers to show"). Publishes the Api
/// (Release) and starts it on a fresh PostgreSQL database with the demo data (<see cref="LoadHarness"/>), then drives
/// Debian's Chromium headless (as the browser tests do) over every public page it finds by following links from
/// <c>/</c>: one page per address shape (ids and numbers alike), leaving out <c>/api</c>, the language switch and
/// Swagger. Each page is opened cold (a new browser context, so an empty cache) and then warm (again in the same
/// context), several times; the report gives the median of each number. Bytes are what the Performance API reports
/// as transferred (headers and compressed body). Chromium asks for Brotli only from secure origins; 127.0.0.1 is one,
/// so it gets Brotli here as it would over HTTPS. The bodies column adds up the same responses' compressed bodies alone,
/// fetched with <c>Accept-Encoding: br</c>, without headers.
/// </summary>
public static partial class PageWeightRun
{
    private const string DemoPassword = "Page-Weights-Demo-2026";

    private static readonly string[] HeadlessArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    private static void Log(string message) => LoadHarness.Log(message);

    private sealed record Options(int Runs, int MaxPages, string Chromium, string? Postgres)
    {
        public static Options Parse(string[] args) => LoadOptions.Parse(args,
            new Options(5, 30, Environment.GetEnvironmentVariable("YANGFAN_CHROMIUM") ?? "/usr/bin/chromium", null),
            new("--runs", "N", (o, v) => o with { Runs = LoadOptions.Number(v) }),
            new("--max-pages", "N", (o, v) => o with { MaxPages = LoadOptions.Number(v) }),
            new("--chromium", "PATH", (o, v) => o with { Chromium = v }),
            new("--postgres", "CONNECTION-STRING", (o, v) => o with { Postgres = v }));
    }

    /// <summary>One response as the browser saw it: its address, kind (navigation, script, link, css, …) and bytes transferred.</summary>
    private sealed record Fetched(string Url, string Kind, long Transferred);

    /// <summary>One opening of a page.</summary>
    private sealed record Visit(IReadOnlyList<Fetched> Responses, double FirstContentfulPaint, double DomContentLoaded)
    {
        public long Document => Responses[0].Transferred;
        public long Total => Responses.Sum(r => r.Transferred);
        public long WithoutScripts => Responses.Where(r => r.Kind != "script").Sum(r => r.Transferred);
    }

    private sealed record Result(string Path, int Requests, double Document, double WithoutScripts, double Total, long Brotli,
        double WarmTotal, double ColdPaint, double ColdLoaded, double WarmPaint, double WarmLoaded, string Encoding);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (!File.Exists(options.Chromium))
            throw new InvalidOperationException($"Chromium was not found at {options.Chromium}: install Debian's `chromium` and `fonts-wqy-microhei`.");
        var published = Directory.CreateTempSubdirectory("yangfan-published-");
        try
        {
            var api = await PublishAsync(published.FullName);
            await using var harness = await LoadHarness.StartAsync(options.Postgres, 4, new Dictionary<string, string>
            {
                ["Seed__DemoData"] = "true",
                ["Seed__DemoPassword"] = DemoPassword,
            }, api);
            var origin = harness.Client.BaseAddress!.ToString().TrimEnd('/');
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.Chromium, Headless = true, Args = HeadlessArguments,
            });

            var pages = await CrawlAsync(browser, origin, options.MaxPages);
            Log($"{pages.Count} public pages found by following links from /: {string.Join(", ", pages)}");
            var results = new List<Result>();
            foreach (var path in pages)
                results.Add(await MeasureAsync(browser, harness.Client, origin, path, options.Runs));
            Report(options, results);
            return 0;
        }
        finally
        {
            try { published.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary><c>dotnet publish</c> of the Api in Release, as it would be deployed; the path of its entry assembly.</summary>
    private static async Task<string> PublishAsync(string output)
    {
        var project = Path.Combine(LoadHarness.RepositoryRoot(), "src", "YangFan.Benchmarks.Api", "YangFan.Benchmarks.Api.csproj");
        Log($"publishing {project} (Release)");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var log = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{log}");
        return Path.Combine(output, "YangFan.Benchmarks.Api.dll");
    }

    /// <summary>The public pages reachable by links from <c>/</c>, breadth first: the first address of each shape.</summary>
    private static async Task<List<string>> CrawlAsync(IBrowser browser, string origin, int maxPages)
    {
        await using var context = await NewContextAsync(browser, origin);
        var page = await context.NewPageAsync();
        var found = new List<string>();
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        shapes.Add(Shape("/"));
        while (queue.Count > 0 && found.Count < maxPages)
        {
            var path = queue.Dequeue();
            var response = await page.GotoAsync(path);
            if (response is null || response.Status != 200 || !(await response.HeaderValueAsync("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
            {
                Log($"skipped {path}: {response?.Status} {(response is null ? "" : await response.HeaderValueAsync("content-type"))}");
                continue;
            }
            found.Add(path);
            var links = await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)");
            foreach (var link in links)
            {
                if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || !link.StartsWith(origin + "/", StringComparison.Ordinal))
                    continue;
                var local = uri.PathAndQuery;
                if (Excluded().IsMatch(uri.AbsolutePath) || !shapes.Add(Shape(local)))
                    continue;
                queue.Enqueue(local);
            }
        }
        return found;
    }

    /// <summary>An address with its ids and numbers replaced and its query reduced to the names of its parameters.</summary>
    private static string Shape(string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        var path = Numbers().Replace(Ids().Replace(parts[0], "{id}"), "{n}");
        var query = parts.Length < 2 ? "" : string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal));
        return $"{path}?{query}";
    }

    private static async Task<Result> MeasureAsync(IBrowser browser, HttpClient client, string origin, string path, int runs)
    {
        var cold = new List<Visit>();
        var warm = new List<Visit>();
        string encoding = "";
        for (var run = 0; run < runs; run++)
        {
            await using var context = await NewContextAsync(browser, origin);
            var page = await context.NewPageAsync();
            var (visit, contentEncoding) = await VisitAsync(page, path);
            cold.Add(visit);
            encoding = contentEncoding;
            warm.Add((await VisitAsync(page, path)).Visit);
        }
        var brotli = await BrotliBytesAsync(client, cold[0].Responses.Select(r => r.Url));
        Log($"{path}: {cold[0].Responses.Count} requests, {Median(cold, v => v.Total) / 1024:F1} KiB cold, first paint {Median(cold, v => v.FirstContentfulPaint):F0} ms");
        return new Result(path, cold[0].Responses.Count, Median(cold, v => v.Document), Median(cold, v => v.WithoutScripts), Median(cold, v => v.Total),
            brotli, Median(warm, v => v.Total), Median(cold, v => v.FirstContentfulPaint), Median(cold, v => v.DomContentLoaded),
            Median(warm, v => v.FirstContentfulPaint), Median(warm, v => v.DomContentLoaded), encoding);
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string origin)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin, Locale = "zh-CN" });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    /// <summary>Opens the page, waits for its load event and its first contentful paint, and reads the Performance API.</summary>
    private static async Task<(Visit Visit, string Encoding)> VisitAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException($"No response for {path}.");
        var timings = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const until = performance.now() + 5000;
              while (!performance.getEntriesByName('first-contentful-paint').length && performance.now() < until)
                await new Promise(resolve => setTimeout(resolve, 20));
              const navigation = performance.getEntriesByType('navigation')[0];
              const paint = performance.getEntriesByName('first-contentful-paint')[0];
              return {
                paint: paint ? paint.startTime : -1,
                loaded: navigation.domContentLoadedEventEnd,
                responses: [{ url: navigation.name, kind: 'navigation', transferred: navigation.transferSize }]
                  .concat(performance.getEntriesByType('resource').map(r => ({ url: r.name, kind: r.initiatorType, transferred: r.transferSize })))
              };
            }
            """);
        var responses = timings.GetProperty("responses").EnumerateArray()
            .Select(r => new Fetched(r.GetProperty("url").GetString()!, r.GetProperty("kind").GetString()!, r.GetProperty("transferred").GetInt64()))
            .ToList();
        var visit = new Visit(responses, timings.GetProperty("paint").GetDouble(), timings.GetProperty("loaded").GetDouble());
        return (visit, await response.HeaderValueAsync("content-encoding") ?? "none");
    }

    /// <summary>The compressed bodies alone (no headers) of the same responses, asked for in Brotli.</summary>
    private static async Task<long> BrotliBytesAsync(HttpClient client, IEnumerable<string> urls)
    {
        long total = 0;
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd("br");
            request.Headers.AcceptLanguage.ParseAdd("zh-CN");
            using var response = await client.SendAsync(request);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }
        return total;
    }

    private static double Median<T>(IEnumerable<T> values, Func<T, double> of)
    {
        var sorted = values.Select(of).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Report(Options options, IReadOnlyList<Result> results)
    {
        static string KiB(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture);
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"page-weights {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} logical cores, " +
            $"load average {File.ReadAllText("/proc/loadavg").Trim()}, published Api (Release) on PostgreSQL with the demo data, headless Chromium, " +
            $"zh-CN, median of {options.Runs} runs per page (cold: a new context; warm: the same page again in that context)");
        output.AppendLine();
        output.AppendLine("| Page | Requests | Document (KiB) | Without scripts (KiB) | With scripts, CSS, fonts (KiB) | Compressed bodies alone (KiB) | Warm (KiB) | First contentful paint, cold / warm (ms) | DOMContentLoaded, cold / warm (ms) | Document encoding |");
        output.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
            output.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Path}` | {r.Requests} | {KiB(r.Document)} | {KiB(r.WithoutScripts)} | {KiB(r.Total)} | {KiB(r.Brotli)} | {KiB(r.WarmTotal)} | {r.ColdPaint:F0} / {r.WarmPaint:F0} | {r.ColdLoaded:F0} / {r.WarmLoaded:F0} | {r.Encoding} |");
        output.AppendLine();
        var home = results.FirstOrDefault(r => r.Path == "/");
        if (home is not null)
            output.AppendLine(CultureInfo.InvariantCulture, $"- home without the chart (no scripts) under 100 KB: {KiB(home.WithoutScripts)} KiB, {(home.WithoutScripts < 100_000 ? "holds" : "does not hold")}");
        var heaviest = results.MaxBy(r => r.Total)!;
        output.AppendLine(CultureInfo.InvariantCulture, $"- every public page under 400 KB with its scripts: heaviest {heaviest.Path} at {KiB(heaviest.Total)} KiB, {(results.All(r => r.Total < 400_000) ? "holds" : "does not hold")}");
        var slowest = results.MaxBy(r => r.ColdPaint)!;
        output.AppendLine(CultureInfo.InvariantCulture, $"- first render under 1 s: slowest first contentful paint (cold) {slowest.Path} at {slowest.ColdPaint:F0} ms, {(results.All(r => r.ColdPaint is >= 0 and < 1000) ? "holds" : "does not hold")}");
        Console.WriteLine();
        Console.Write(output);
    }

    /// <summary>Addresses that are not public pages: the JSON API and its files, the language switch (it sets a cookie), Swagger, health.</summary>
    [GeneratedRegex("^/(api|language|swagger|health|account/sign-out)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Excluded();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Ids();

    [GeneratedRegex("(?<=/)[0-9]+(?=/|$)")]
    private static partial Regex Numbers();
}
