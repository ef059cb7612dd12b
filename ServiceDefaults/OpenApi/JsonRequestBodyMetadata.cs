namespace AspireChain.ServiceDefaults.OpenApi;

/// <summary>
/// Endpoint metadata naming the JSON body a handler reads itself (from the raw request, to answer its own 415/413
/// problems): described in the OpenAPI document without <c>Accepts</c>, whose routing would refuse other media
/// types with a bare 415 before the handler could explain.
/// </summary>
public sealed class JsonRequestBodyMetadata(Type type)
{
    /// <summary>The body's type.</summary>
    public Type Type { get; } = type;
}
