using AspireChain.SystemBench.Measure;

namespace AspireChain.SystemBench.Tests;

/// <summary>Store sizes: each instance folder's files, a SQLite database counted with its <c>-wal</c> and <c>-shm</c>.</summary>
public sealed class StoreSizesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aspirechain-store-sizes-").FullName;

    [Fact]
    public void A_database_is_counted_with_its_companions_per_instance()
    {
        Write("miner-a/miner.db", 4096);
        Write("miner-a/miner.db-wal", 1000);
        Write("miner-a/miner.db-shm", 32768);
        Write("validator-b/validator.db", 8192);
        Write("validator-b/keys/validator.key", 65);

        var stores = StoreSizes.Read(_directory);

        Assert.Equal(
            [
                new StoreReading("miner-a", "miner.db", 4096 + 1000 + 32768, 1000),
                new StoreReading("validator-b", Path.Combine("keys", "validator.key"), 65, 0),
                new StoreReading("validator-b", "validator.db", 8192, 0),
            ],
            stores);
    }

    [Fact]
    public void A_missing_or_unknown_folder_has_no_stores()
    {
        Assert.Empty(StoreSizes.Read(null));
        Assert.Empty(StoreSizes.Read(Path.Combine(_directory, "gone")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string relative, int bytes)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
    }
}
