using Aspire.Hosting.ApplicationModel;

namespace AspireChain.Hosting;

/// <summary>
/// The bootstrap list of a <see cref="KafkaClusterResource"/> as a value the app model can reference before it exists:
/// an embedded broker picks its ports when it starts, so consumers of the connection string wait for it.
/// </summary>
public sealed class KafkaBootstrapServers : IValueProvider, IManifestExpressionProvider
{
    private readonly TaskCompletionSource<string> _value = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal KafkaBootstrapServers(string resourceName) => ValueExpression = $"{{{resourceName}.bootstrapServers}}";

    /// <inheritdoc />
    public string ValueExpression { get; }

    /// <summary>The list once known (<c>host:port,host:port</c>), else null.</summary>
    public string? Value => _value.Task.IsCompletedSuccessfully ? _value.Task.Result : null;

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        await _value.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

    internal void Set(string bootstrapServers) => _value.TrySetResult(bootstrapServers);
}
