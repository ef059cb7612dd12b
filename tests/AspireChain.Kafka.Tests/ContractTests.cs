using System.Text;
using System.Text.Json;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;

namespace AspireChain.Kafka.Tests;

/// <summary>The shared wire contracts: field names other services and the dashboard rely on.</summary>
public sealed class ContractTests
{
    [Fact]
    public void A_rejection_is_keyed_by_its_id_and_serialised_with_the_contract_field_names()
    {
        var rejection = new Rejection(RejectionKinds.Block, "00ab", 7, "high-hash", "hash above target", "validator", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var message = rejection.ToMessage();
        using var json = JsonDocument.Parse(message.Value);

        Assert.Equal("00ab", message.Key);
        Assert.Equal(
            ["kind", "id", "height", "reason", "detail", "source", "timestamp", "transaction"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("block", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(rejection, Rejection.Parse(message.Value));
    }

    [Fact]
    public void A_transaction_rejection_without_height_keeps_height_null()
    {
        var rejection = new Rejection(RejectionKinds.Transaction, "ff", null, "bad-signature", null, "ingest", DateTimeOffset.UnixEpoch);

        var text = Encoding.UTF8.GetString(rejection.ToMessage().Value);

        Assert.Contains("\"height\":null", text, StringComparison.Ordinal);
        Assert.Null(Rejection.Parse(Encoding.UTF8.GetBytes(text)).Height);
    }

    [Fact]
    public void The_catalog_partitions_transactions_and_keeps_the_ordered_topics_single_partition()
    {
        var catalog = TopicCatalog.Create(12);

        Assert.Equal([Topics.Transactions, Topics.Candidates, Topics.Blocks, Topics.Rejections, Topics.Snapshots], catalog.Select(t => t.Name));
        Assert.Equal([12, 1, 1, 1, 1], catalog.Select(t => t.Partitions));
        Assert.Equal("compact", Assert.Single(catalog, t => t.Name == Topics.Snapshots).Configs?["cleanup.policy"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => TopicCatalog.Create(0));
    }
}
