using System.Net;
using System.Text;
using System.Text.Json;
using AspireChain.ChainQuery.Tests.Infrastructure;
using AspireChain.ChainQuery;
using AspireChain.ChainQuery.Apis;
using AspireChain.EmbeddedKafka;
using AspireChain.TransactionIngest;
using AspireChain.TransactionIngest.Admission;
using AspireChain.Ledger;
using Microsoft.Extensions.Hosting;

namespace AspireChain.ChainQuery.Tests;

/// <summary>
/// The OpenAPI documents of TransactionIngest and ChainQuery: served at <c>/openapi/v1.json</c>, listing every endpoint
/// each app maps (an endpoint added without a description fails here), with named, summarised, tagged operations, their
/// success types and their <c>application/problem+json</c> responses naming the <c>rule</c> values a client may meet.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private const string ProblemJson = "application/problem+json";
    private EmbeddedKafkaBroker _broker = null!;
    private ServiceHost _ingest = null!;
    private ServiceHost _query = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start(new EmbeddedKafkaOptions { BrokerCount = 1 });
        _database = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.db");
        // Ingest runs as Development (ServiceHost's default, as under the AppHost), ChainQuery as Production.
        _ingest = await ServiceHost.StartAsync(TransactionIngestApp.Build, new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = _broker.BootstrapServers,
            ["Chain:Network"] = "test",
            ["Kafka:ProvisionTopics"] = "false",
        });
        var query = TestNetwork.Common(_broker.BootstrapServers);
        query["ChainQuery:DatabasePath"] = _database;
        // The test network's keys are public: a host not running as Development takes them only when told to.
        query[ChainOptions.AllowPublicDevelopmentKeysKey] = "true";
        query["ChainQuery:OperatorToken"] = ChainQueryHost.OperatorToken;
        _query = await ServiceHost.StartAsync(ChainQueryApp.Build, query, Environments.Production);
    }

    public async Task DisposeAsync()
    {
        await _ingest.DisposeAsync();
        await _query.DisposeAsync();
        _broker.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_database)!, Path.GetFileName(_database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ingest_document_lists_every_mapped_endpoint() =>
        await AssertListsEveryEndpointAsync(_ingest);

    [Fact]
    public async Task ChainQuery_document_lists_every_mapped_endpoint_but_not_the_explorer_page()
    {
        using var document = await AssertListsEveryEndpointAsync(_query);
        Assert.False(document.RootElement.GetProperty("paths").TryGetProperty("/explorer", out _));
        // The explorer's HTML route exists; it is left out on purpose, not by accident.
        using var page = await _query.Client.GetAsync("/explorer");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Ingest_refusals_are_described_as_problem_json_with_their_rules()
    {
        using var document = await GetDocumentAsync(_ingest);
        var root = document.RootElement;
        var submit = Operation(root, "post", "/transactions");
        AssertProblemResponse(root, submit, "400", IngestProblems.MalformedJson, "bad-signature", "bad-chain-id", "self-transfer");
        AssertProblemResponse(root, submit, "413", IngestProblems.BodyTooLarge, "oversize");
        AssertProblemResponse(root, submit, "415", IngestProblems.UnsupportedMediaType);
        AssertProblemResponse(root, submit, "429", IngestProblems.RateLimited);
        AssertProblemResponse(root, submit, "503", IngestProblems.BrokerUnavailable);
        Assert.DoesNotContain(IngestProblems.BadBatchSize, RulesOf(submit, "400"));
        var batch = Operation(root, "post", "/transactions/batch");
        AssertProblemResponse(root, batch, "400", IngestProblems.BadBatchSize, IngestProblems.MalformedJson);
        AssertProblemResponse(root, batch, "413", IngestProblems.BadBatchSize, IngestProblems.BodyTooLarge);
        AssertProblemResponse(root, batch, "429", IngestProblems.RateLimited);
        Assert.True(Response(submit, "202").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(Operation(root, "post", "/transactions").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));

        AssertEveryRuleDescribed(root, IngestProblems.Catalog.Select(r => r.Code));

        // What the service really answers is among what its document says.
        using var refused = await _ingest.Client.PostAsync("/transactions", new StringContent("{}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(ProblemJson, refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains(problem.RootElement.GetProperty("rule").GetString(), RulesOf(submit, "415"));
    }

    [Fact]
    public async Task ChainQuery_refusals_are_described_as_problem_json_with_their_rules()
    {
        using var document = await GetDocumentAsync(_query);
        var root = document.RootElement;
        var transaction = Operation(root, "get", "/transactions/{id}");
        AssertProblemResponse(root, transaction, "400", ChainQueryProblemRules.MalformedTransactionId.Code);
        AssertProblemResponse(root, transaction, "404", ChainQueryProblemRules.TransactionNotFound.Code);
        AssertProblemResponse(root, Operation(root, "get", "/blocks/{height}"), "404", ChainQueryProblemRules.BlockNotFound.Code);
        AssertProblemResponse(root, Operation(root, "get", "/blocks/{hash}"), "400", ChainQueryProblemRules.MalformedHash.Code);
        AssertProblemResponse(root, Operation(root, "get", "/blocks/{hash}"), "404", ChainQueryProblemRules.BlockNotFound.Code);
        AssertProblemResponse(root, Operation(root, "get", "/blocks/{height}/lifecycle"), "404", ChainQueryProblemRules.BlockNotFound.Code);
        AssertProblemResponse(root, Operation(root, "get", "/addresses/{address}"), "400", ChainQueryProblemRules.MalformedAddress.Code);
        var verify = Operation(root, "post", "/chain/verify");
        AssertProblemResponse(root, verify, "400", ChainQueryProblemRules.MalformedSignaturesPerSecond.Code);
        AssertProblemResponse(root, verify, "401", ChainQueryProblemRules.OperatorTokenRequired.Code);
        AssertProblemResponse(root, verify, "403", ChainQueryProblemRules.OperatorTokenNotConfigured.Code);
        Assert.True(Response(verify, "202").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["full", "signaturesPerSecond"], verify.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        AssertProblemResponse(root, Operation(root, "get", "/chain/verify"), "404", ChainQueryProblemRules.VerificationNotFound.Code);
        AssertProblemResponse(root, Operation(root, "get", "/chain/verify/{id}"), "404", ChainQueryProblemRules.VerificationNotFound.Code);
        AssertEveryRuleDescribed(root, ChainQueryProblemRules.All.Select(r => r.Code));

        // ChainQuery runs here in Production with an operator token: a POST without it is the 401 the document names.
        using (var anonymous = await _query.Client.PostAsync("/chain/verify", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var problem = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
            Assert.Contains(problem.RootElement.GetProperty("rule").GetString(), RulesOf(verify, "401"));
        }

        foreach (var (path, status) in new[] { ("/transactions/not-hex", "400"), ($"/transactions/{new string('a', 64)}", "404"), ("/blocks/123456", "404") })
        {
            using var refused = await _query.Client.GetAsync(path);
            Assert.Equal(status, ((int)refused.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ProblemJson, refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            var template = path.StartsWith("/blocks", StringComparison.Ordinal) ? "/blocks/{height}" : "/transactions/{id}";
            Assert.Contains(problem.RootElement.GetProperty("rule").GetString(), RulesOf(Operation(root, "get", template), status));
        }
    }

    [Fact]
    public async Task The_ui_is_served_in_development_only()
    {
        using var development = await _ingest.Client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, development.StatusCode);
        Assert.Contains("text/html", development.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        // ChainQuery runs here in the Production environment.
        using var production = await _query.Client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.NotFound, production.StatusCode);
    }

    private static async Task<JsonDocument> AssertListsEveryEndpointAsync(ServiceHost host)
    {
        var document = await GetDocumentAsync(host);
        var mapped = ApiDescriptionCoverage.Mapped(host.App);
        var documented = ApiDescriptionCoverage.Documented(document.RootElement);

        Assert.NotEmpty(mapped);
        Assert.Equal(string.Join("\n", mapped), string.Join("\n", documented));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var what = $"{operation.Name} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("operationId").GetString()), what);
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), what);
                Assert.True(operation.Value.GetProperty("tags").GetArrayLength() > 0, what);
                Assert.True(
                    operation.Value.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)),
                    $"{what}: no success response with a body: {operation.Value.GetProperty("responses")}");
            }
        }

        return document;
    }

    private static async Task<JsonDocument> GetDocumentAsync(ServiceHost host)
    {
        using var response = await host.Client.GetAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        var document = JsonDocument.Parse(body);
        Assert.StartsWith("3.1", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        return document;
    }

    private static JsonElement Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Response(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status);

    private static List<string?> RulesOf(JsonElement operation, string status) =>
        [.. Response(operation, status).GetProperty("x-problem-rules").EnumerateArray().Select(r => r.GetString())];

    /// <summary>The response is problem+json, its schema has the <c>rule</c> property, and it names at least <paramref name="rules"/>.</summary>
    private static void AssertProblemResponse(JsonElement document, JsonElement operation, string status, params string[] rules)
    {
        var response = Response(operation, status);
        var schema = Resolve(document, response.GetProperty("content").GetProperty(ProblemJson).GetProperty("schema"));
        Assert.True(schema.GetProperty("properties").TryGetProperty("rule", out _), $"{status}: the problem schema has no 'rule'");
        var listed = RulesOf(operation, status);
        foreach (var rule in rules)
        {
            Assert.Contains(rule, listed);
            Assert.Contains($"`{rule}`", response.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Every rule value is in the document's rule list, in its description and in the problem schemas' <c>rule</c> enum.</summary>
    private static void AssertEveryRuleDescribed(JsonElement document, IEnumerable<string> rules)
    {
        var listed = document.GetProperty("x-problem-rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).ToHashSet();
        var problemSchemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("properties", out var properties) && properties.TryGetProperty("rule", out _))
            .ToList();
        Assert.NotEmpty(problemSchemas);
        var description = document.GetProperty("info").GetProperty("description").GetString();
        foreach (var rule in rules)
        {
            Assert.Contains(rule, listed);
            Assert.Contains($"`{rule}`", description, StringComparison.Ordinal);
            foreach (var schema in problemSchemas)
            {
                Assert.Contains(rule, schema.Value.GetProperty("properties").GetProperty("rule").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            }
        }
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
}
