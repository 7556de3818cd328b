namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>A page of a numbered listing.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>A slice of a cursor-paged listing; pass <see cref="NextCursor"/> back to get the next one.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);
