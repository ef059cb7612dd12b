using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AspireChain.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The OpenAPI 3.1 description of a service's HTTP API (<c>/openapi/v1.json</c>, in every environment: the APIs are
/// public) and, in Development, the Scalar UI on it (<c>/scalar</c>). Problem responses are described as
/// <c>application/problem+json</c> with the <c>rule</c> values each endpoint may answer.
/// </summary>
public static class ApiDocumentExtensions
{
    /// <summary>The document's name; its URL is <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the Development-only UI is served.</summary>
    public const string UiPath = "/scalar";

    /// <summary>The problem media type of RFC 9457.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>The extension listing a response's (or the document's) rule values.</summary>
    public const string RulesExtension = "x-problem-rules";

    /// <summary>
    /// Registers the <c>v1</c> document titled <paramref name="title"/>; <paramref name="rules"/> is every value of the
    /// <c>rule</c> extension the service's problems carry (listed in the document's description, as the <c>rule</c>
    /// property's enum and as <see cref="RulesExtension"/>).
    /// </summary>
    public static TBuilder AddApiDocument<TBuilder>(this TBuilder builder, string title, string description, IReadOnlyList<ProblemRule> rules)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Info.Version = DocumentName;
                document.Info.Description = Describe(description, rules);
                document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                document.Extensions[RulesExtension] = new JsonNodeExtension(RulesNode(rules));
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) && schema.Properties is not null)
                {
                    schema.Properties["rule"] = RuleSchema(rules);
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBodyMetadata>().LastOrDefault();
                if (body is not null && operation.RequestBody is null)
                {
                    var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken).ConfigureAwait(false);
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                    };
                }

                var endpointRules = context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemRulesMetadata>().SelectMany(m => m.Rules).Distinct().ToList();
                if (endpointRules.Count > 0 && operation.Responses is not null)
                {
                    DescribeProblems(operation, endpointRules);
                }
            });
        });
        return builder;
    }

    /// <summary>Maps the document at <see cref="DocumentPath"/> and, in Development, the Scalar UI at <see cref="UiPath"/>.</summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(UiPath);
        }

        return app;
    }

    /// <summary>Describes the JSON body of <typeparamref name="T"/> an endpoint reads from the raw request (see <see cref="JsonRequestBodyMetadata"/>).</summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.WithMetadata(new JsonRequestBodyMetadata(typeof(T)));
    }

    /// <summary>
    /// Declares the problems an endpoint answers with: one <c>application/problem+json</c> response per status of
    /// <paramref name="rules"/> (validation-shaped, with the <c>errors</c> map, when one of its rules is), each listing
    /// its rule values.
    /// </summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder endpoint, params ProblemRule[] rules)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var status in rules.SelectMany(r => r.Statuses).Distinct().Order())
        {
            if (rules.Any(r => r.Validation && r.Statuses.Contains(status)))
            {
                endpoint.Produces<HttpValidationProblemDetails>(status, ProblemContentType);
            }
            else
            {
                endpoint.ProducesProblem(status, ProblemContentType);
            }
        }

        return endpoint.WithMetadata(new ProblemRulesMetadata(rules));
    }

    private static void DescribeProblems(OpenApiOperation operation, IReadOnlyList<ProblemRule> rules)
    {
        foreach (var (key, response) in operation.Responses!)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || response is not OpenApiResponse concrete)
            {
                continue;
            }

            var matching = rules.Where(r => r.Statuses.Contains(status)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            var text = new StringBuilder("Problem details (RFC 9457); `rule` is one of:");
            foreach (var rule in matching)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n- `{rule.Code}`: {rule.Title}");
            }

            concrete.Description = text.ToString();
            concrete.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            concrete.Extensions[RulesExtension] = new JsonNodeExtension(new JsonArray([.. matching.Select(r => (JsonNode)JsonValue.Create(r.Code))]));
        }
    }

    private static OpenApiSchema RuleSchema(IReadOnlyList<ProblemRule> rules) => new()
    {
        Type = JsonSchemaType.String,
        Description = "The rule the request broke (the last segment of `type`).",
        Enum = [.. rules.Select(r => (JsonNode)JsonValue.Create(r.Code))],
    };

    private static JsonArray RulesNode(IReadOnlyList<ProblemRule> rules) =>
        new([.. rules.Select(r => (JsonNode)new JsonObject
        {
            ["rule"] = r.Code,
            ["title"] = r.Title,
            ["statuses"] = new JsonArray([.. r.Statuses.Select(s => (JsonNode)JsonValue.Create(s))]),
        })]);

    private static string Describe(string description, IReadOnlyList<ProblemRule> rules)
    {
        var text = new StringBuilder(description).Append("\n\nEvery refusal is an RFC 9457 problem (`application/problem+json`) whose `rule` extension is one of:\n\n| rule | status | meaning |\n| --- | --- | --- |");
        foreach (var rule in rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n| `{rule.Code}` | {string.Join(", ", rule.Statuses)} | {rule.Title} |");
        }

        return text.ToString();
    }
}
