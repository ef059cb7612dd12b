using System.Text;
using AspireChain.ChainQuery.Consumers;
using AspireChain.ChainQuery.Storage;
using AspireChain.Contracts.Kafka;
using AspireChain.Contracts.Messages;
using AspireChain.Ledger;
using Confluent.Kafka;

namespace AspireChain.ChainQuery.Tests;

/// <summary>How a batch of status records is read (never throwing) and which offsets it lets the group store.</summary>
public sealed class StatusBatchTests
{
    [Fact]
    public void Each_record_becomes_its_update_and_an_unreadable_one_says_why()
    {
        using var faucet = DevFaucet.CreateKeyPair();
        using var bob = KeyPair.Generate();
        var transfer = Wallets.Transfer(faucet, bob.Address, 5, 0);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        var submitted = Assert.IsType<SubmittedTransfer>(StatusBatch.Read(Record(Topics.Transactions, 0, 0, transfer.ToWire(), new Timestamp(at)), out _));
        Assert.Equal(BlockProjection.ToStored(transfer), submitted.Transaction);
        Assert.Equal(at.ToUnixTimeMilliseconds(), submitted.SubmittedAtMs);
        var untimed = Assert.IsType<SubmittedTransfer>(StatusBatch.Read(Record(Topics.Transactions, 0, 1, transfer.ToWire(), Timestamp.Default), out _));
        Assert.Null(untimed.SubmittedAtMs);

        Assert.Null(StatusBatch.Read(Record(Topics.Transactions, 0, 2, Encoding.UTF8.GetBytes("{\"not\":\"a transfer\"}")), out var garbage));
        Assert.False(string.IsNullOrEmpty(garbage));
        var overflowing = Wallets.Transfer(faucet, bob.Address, ulong.MaxValue, 1);
        Assert.Null(StatusBatch.Read(Record(Topics.Transactions, 0, 3, overflowing.ToWire()), out var tooLarge));
        Assert.Contains("63-bit", tooLarge, StringComparison.Ordinal);

        var id = transfer.Id.ToString().ToUpperInvariant();
        var rejected = Assert.IsType<RejectedTransfer>(StatusBatch.Read(
            Record(Topics.Rejections, 0, 0, new Rejection(RejectionKinds.Transaction, id, null, "bad-nonce", null, "miner-0", at).ToMessage().Value), out _));
        Assert.Equal(new RejectedTransfer(transfer.Id.ToString(), "bad-nonce", "bad-nonce"), rejected);
        var candidate = Assert.IsType<RejectedCandidate>(StatusBatch.Read(
            Record(Topics.Rejections, 0, 1, new Rejection(RejectionKinds.Block, new string('E', 64), 4, "stale", "lost", "validator", at).ToMessage().Value), out _));
        Assert.Equal(new RejectedCandidate(new string('e', 64), 4, "stale", "lost", "validator", at.ToUnixTimeMilliseconds()), candidate);

        var withoutId = "{\"kind\":\"transaction\",\"id\":\"\",\"reason\":\"bad-nonce\",\"source\":\"rogue\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
        Assert.Null(StatusBatch.Read(Record(Topics.Rejections, 0, 2, Encoding.UTF8.GetBytes(withoutId)), out var noId));
        Assert.Equal("a rejection without an id", noId);
        Assert.Null(StatusBatch.Read(Record(Topics.Rejections, 0, 3, Encoding.UTF8.GetBytes("not json")), out var notJson));
        Assert.False(string.IsNullOrEmpty(notJson));
    }

    [Fact]
    public void Next_offsets_are_one_past_each_partitions_last_record_unreadable_ones_included()
    {
        byte[] unreadable = [0xff];
        ConsumeResult<string, byte[]>[] batch =
        [
            Record(Topics.Transactions, 0, 5, unreadable),
            Record(Topics.Transactions, 1, 9, unreadable),
            Record(Topics.Rejections, 0, 2, unreadable),
            Record(Topics.Transactions, 0, 6, unreadable),
        ];

        Assert.Equal(
            [$"{Topics.Rejections}/0@3", $"{Topics.Transactions}/0@7", $"{Topics.Transactions}/1@10"],
            StatusBatch.NextOffsets(batch).Select(o => $"{o.Topic}/{o.Partition.Value}@{o.Offset.Value}").Order(StringComparer.Ordinal));
    }

    private static ConsumeResult<string, byte[]> Record(string topic, int partition, long offset, byte[] value, Timestamp? timestamp = null) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, partition, offset),
        Message = new Message<string, byte[]> { Key = "key", Value = value, Timestamp = timestamp ?? Timestamp.Default },
    };
}
