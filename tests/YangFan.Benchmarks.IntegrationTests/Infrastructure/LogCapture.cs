using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every log entry a host writes, so that a test can say what was logged and at which level, and with which
/// scopes (the trace and span ids the host's activity tracking adds among them).
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        /// <summary>The values of the scopes the entry was written in, innermost last.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Scope { get; init; } = [];
    }

    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public IReadOnlyList<Entry> AtLeast(LogLevel level) => _entries.Where(e => e.Level >= level).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private IReadOnlyList<KeyValuePair<string, object?>> CurrentScope()
    {
        var values = new List<KeyValuePair<string, object?>>();
        _scopes?.ForEachScope((scope, list) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                list.AddRange(pairs);
        }, values);
        return values;
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception) { Scope = capture.CurrentScope() });
    }
}
