namespace AspireChain.ChainQuery.Apis;

/// <summary>A client's page request, normalised once so no handler re-implements the bounds checks.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    /// <summary>Default page size when the client gives none.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>Rows to skip for this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;

    /// <summary>Clamps a raw <c>page</c>/<c>pageSize</c> pair: pages start at 1, sizes at 1 and at most <paramref name="maxPageSize"/>.</summary>
    public static PageRequest From(int? page, int? pageSize, int maxPageSize) =>
        new(Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultPageSize, 1, Math.Max(1, maxPageSize)));
}

/// <summary>One page of a listing plus what a client needs to fetch the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    /// <summary>Number of pages at this page size.</summary>
    public long PageCount => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;

    /// <summary>Whether a later page exists.</summary>
    public bool HasNext => PageNumber < PageCount;
}
