namespace AspireChain.ChainQuery.Storage;

/// <summary>
/// The read model's tables, created idempotently on open. The followed chain (every block's signed wire form), the
/// <c>blocks</c> cursor and the fault list are the shared follower's (<c>chain_*</c> tables of
/// <see cref="AspireChain.Following.BlockStore"/>, same file), so a block's body is stored once, there. A transfer seen on
/// <c>transactions</c> but not yet in a block waits in <c>pending_transactions</c> (one small table keyed by id) and moves
/// to <c>transactions</c> once, when a block confirms it or a miner rejects it: the big table and its indexes are
/// written once per transfer, not twice. <c>verification_runs</c> keeps the newest runs of <c>/chain/verify</c> and
/// <c>verification_checkpoint</c> the state the last valid run reached, where the next run starts.
/// </summary>
internal static class ReadModelSchema
{
    /// <summary>DDL run on every open (all statements are IF [NOT] EXISTS).</summary>
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
            source_offset INTEGER);
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
        DROP INDEX IF EXISTS transactions_block;
        CREATE INDEX IF NOT EXISTS transactions_height ON transactions (height);
        CREATE TABLE IF NOT EXISTS pending_transactions (
            id TEXT PRIMARY KEY,
            sender TEXT,
            recipient TEXT,
            amount INTEGER,
            fee INTEGER,
            nonce INTEGER,
            updated_ms INTEGER NOT NULL,
            submitted_ms INTEGER) WITHOUT ROWID;
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
        CREATE TABLE IF NOT EXISTS verification_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            state TEXT NOT NULL,
            mode TEXT NOT NULL,
            checkpoint_height INTEGER,
            from_height INTEGER NOT NULL,
            to_height INTEGER NOT NULL,
            height INTEGER NOT NULL,
            blocks_checked INTEGER NOT NULL,
            blocks_total INTEGER NOT NULL,
            transfers_checked INTEGER NOT NULL,
            signatures_per_second INTEGER,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER,
            first_bad_height INTEGER,
            reason TEXT,
            detail TEXT);
        CREATE TABLE IF NOT EXISTS verification_checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            height INTEGER NOT NULL,
            hash TEXT NOT NULL,
            snapshot BLOB NOT NULL,
            run_id INTEGER NOT NULL,
            at_ms INTEGER NOT NULL);
        """;

    /// <summary>
    /// Whether a store written by an earlier version still has <c>blocks.body</c> (a JSON copy of what
    /// <c>chain_blocks</c> holds), which <see cref="DropBlockBody"/> then removes.
    /// </summary>
    public const string HasBlockBody = "SELECT count(*) FROM pragma_table_info('blocks') WHERE name = 'body'";

    /// <summary>Removes an earlier version's <c>blocks.body</c> column.</summary>
    public const string DropBlockBody = "ALTER TABLE blocks DROP COLUMN body";
}
