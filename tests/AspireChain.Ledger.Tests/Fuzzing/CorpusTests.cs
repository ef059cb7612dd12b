namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>
/// Replays the kept corpus (Fuzzing/Corpus: past crashes, edge cases, valid samples) through every parser. A file is named
/// <c>parser.expected-code.description.ext</c>: every parser must give a typed result, the named one exactly that code.
/// </summary>
public sealed class CorpusTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Corpus");

    private static readonly string[] Names =
        [.. System.IO.Directory.EnumerateFiles(Directory).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Files { get; } = new(Names);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_parser_gives_a_typed_result_and_the_named_one_the_expected_code(string file)
    {
        var parts = file.Split('.');
        Assert.True(parts.Length >= 4, $"{file} is not named parser.expected-code.description.ext");
        var aimedAt = Assert.Single(LedgerParsers.All, p => p.Name == parts[0]);
        Assert.True(parts[1] == "ok" || RejectReasonCodes.TryParse(parts[1], out _), $"{file}: '{parts[1]}' is not a reject code");

        var input = File.ReadAllBytes(Path.Combine(Directory, file));
        foreach (var parser in LedgerParsers.All)
        {
            var result = LedgerParsers.AssertTotal(parser, input);
            if (parser == aimedAt) Assert.True(parts[1] == result.Code, $"{file}: expected {parts[1]}, got {result}");
        }
    }

    [Fact]
    public void The_corpus_covers_every_parser() =>
        Assert.All(LedgerParsers.All, p => Assert.Contains(Names, name => name.StartsWith(p.Name + ".", StringComparison.Ordinal)));
}
