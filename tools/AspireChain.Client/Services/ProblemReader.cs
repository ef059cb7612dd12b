using System.Net.Http.Json;
using System.Text.Json;

namespace AspireChain.Client.Services;

/// <summary>Reads an RFC 9457 problem document from an error answer without throwing on a body that is not one.</summary>
public static class ProblemReader
{
    /// <summary>The problem, or null when the body is empty or not a problem document.</summary>
    public static async Task<ProblemView?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return await response.Content.ReadFromJsonAsync(ServiceJsonContext.Default.ProblemView, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or HttpRequestException or IOException)
        {
            return null;
        }
    }
}
