namespace AspireChain.ChainQuery.Storage;

/// <summary>
/// The read model's tables, created idempotently on open. The followed chain, the <c>blocks</c> cursor and the fault
/// list are the shared follower's (<c>chain_*</c> tables of <see cref="AspireChain.Following.BlockStore"/>, same file).
/// </summary>
internal static class ReadModelSchema
{
    /// <summary>DDL run on every open (all statements are IF NOT EXISTS).</summary>
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS blocks (
            height INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            previous_hash TEXT NOT NULL,
            merkle_root TEXT NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            target TEXT NOT NULL,
            difficulty REAL NOT NULL,
            nonce TEXT NOT NULL,
            miner TEXT NOT NULL,
            tx_count INTEGER NOT NULL,
            source_offset INTEGER,
            body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS transactions (
            id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            sender TEXT,
            recipient TEXT,
            amount INTEGER,
            fee INTEGER,
            nonce INTEGER,
            is_coinbase INTEGER NOT NULL DEFAULT 0,
            height INTEGER,
            block_hash TEXT,
            reason TEXT,
            detail TEXT,
            updated_ms INTEGER NOT NULL,
            submitted_ms INTEGER,
            confirmed_ms INTEGER);
        CREATE INDEX IF NOT EXISTS transactions_sender ON transactions (sender, height);
        CREATE INDEX IF NOT EXISTS transactions_recipient ON transactions (recipient, height);
        CREATE INDEX IF NOT EXISTS transactions_status ON transactions (status);
        CREATE INDEX IF NOT EXISTS transactions_block ON transactions (block_hash);
        CREATE TABLE IF NOT EXISTS accounts (
            address TEXT PRIMARY KEY,
            balance INTEGER NOT NULL,
            nonce INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS block_rejections (
            hash TEXT PRIMARY KEY,
            height INTEGER,
            reason TEXT NOT NULL,
            detail TEXT,
            source TEXT,
            rejected_ms INTEGER,
            at_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS block_rejections_height ON block_rejections (height);
        CREATE TABLE IF NOT EXISTS block_lifecycle (
            height INTEGER PRIMARY KEY,
            hash TEXT NOT NULL,
            miner_instance TEXT,
            pow_attempts INTEGER,
            pow_search_ms REAL,
            mined_ms INTEGER,
            validated_ms INTEGER,
            committed_ms INTEGER,
            applied_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS read_model_history (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            snapshot_height INTEGER NOT NULL);
        """;
}
