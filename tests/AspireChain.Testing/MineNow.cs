using System.Net.Http.Headers;
using System.Text;

namespace AspireChain.Testing;

/// <summary>A miner's <c>POST /mine</c> the way an operator sends it: a JSON request, with the operator token when given.</summary>
public static class MineNow
{
    /// <summary>Posts <c>{}</c> as <c>application/json</c> to <c>/mine</c>, with <c>Authorization: Bearer <paramref name="token"/></c> when given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mine") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request).ConfigureAwait(false);
    }
}
