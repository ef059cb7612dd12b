using System.Text;
using AspireChain.TransactionIngest.Apis;
using Microsoft.AspNetCore.Http;

namespace AspireChain.TransactionIngest.Tests;

/// <summary>The ingest body reader on its own: any declared length and any broken framing is a problem answer, never an exception.</summary>
public sealed class RequestBodyTests
{
    private static HttpRequest Request(Stream body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        return context.Request;
    }

    [Fact]
    public async Task A_declared_length_beyond_int_range_under_a_large_limit_reads_the_body()
    {
        // Was: (int)Math.Min(limit, Content-Length) wrapped negative and the buffer constructor threw.
        var bytes = Encoding.UTF8.GetBytes("{}");
        var (body, problem) = await RequestBody.ReadJsonAsync(Request(new MemoryStream(bytes), 3_000_000_000), long.MaxValue, CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(bytes, body);
    }

    [Fact]
    public async Task A_broken_body_framing_is_a_malformed_problem_with_the_servers_status()
    {
        // Was: only a 413 BadHttpRequestException was answered; a bad chunk escaped the endpoint as an exception.
        var (body, problem) = await RequestBody.ReadJsonAsync(Request(new BrokenFramingStream(), null), 4_096, CancellationToken.None);

        Assert.Null(body);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal("malformed", problem.ProblemDetails.Extensions["rule"]);
    }

    /// <summary>What Kestrel's body stream does on a bad chunk: a 400 <see cref="BadHttpRequestException"/>.</summary>
    private sealed class BrokenFramingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Bad chunk size data.", StatusCodes.Status400BadRequest);
    }
}
