namespace AspireChain.SystemBench.Measure;

/// <summary>
/// Bytes on disk of every store in a run's data directory, where each service instance keeps its files in a folder
/// named after it (<c>&lt;data&gt;/miner-x7k2f9qa/miner.db</c>): a store is a file with its SQLite companions
/// (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>) counted with it.
/// </summary>
public static class StoreSizes
{
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    /// <summary>Every store under <paramref name="dataDirectory"/>, by instance then store; empty when the folder is missing.</summary>
    public static IReadOnlyList<StoreReading> Read(string? dataDirectory)
    {
        var stores = new SortedDictionary<(string Instance, string Store), (long Bytes, long Wal)>();
        if (dataDirectory is null || !Directory.Exists(dataDirectory))
        {
            return [];
        }

        try
        {
            foreach (var instance in Directory.EnumerateDirectories(dataDirectory))
            {
                foreach (var file in Directory.EnumerateFiles(instance, "*", SearchOption.AllDirectories))
                {
                    long length;
                    try
                    {
                        length = new FileInfo(file).Length;
                    }
                    catch (IOException)
                    {
                        continue; // Deleted between listing and reading (a checkpointed journal).
                    }

                    var relative = Path.GetRelativePath(instance, file);
                    var companion = Companions.FirstOrDefault(c => relative.EndsWith(c, StringComparison.Ordinal));
                    var key = (Path.GetFileName(instance), companion is null ? relative : relative[..^companion.Length]);
                    var (bytes, wal) = stores.GetValueOrDefault(key);
                    stores[key] = (bytes + length, wal + (companion == "-wal" ? length : 0));
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // The run's folder went away (the system stopped) or a folder is not ours to read: what was read so far.
        }

        return [.. stores.Select(s => new StoreReading(s.Key.Instance, s.Key.Store, s.Value.Bytes, s.Value.Wal))];
    }
}

/// <summary>One store's bytes on disk: the file and its companions together, and the write-ahead log's share of them.</summary>
public sealed record StoreReading(string Instance, string Store, long Bytes, long WalBytes);
