namespace AspireChain.ServiceDefaults.OpenApi;

/// <summary>
/// One value of the <c>rule</c> extension a service's RFC 9457 problems carry: its code, what it means and the HTTP
/// statuses it is answered with, so the OpenAPI document can list every refusal a client may meet.
/// </summary>
/// <param name="Code">The <c>rule</c> value (and the last segment of the problem's <c>type</c>).</param>
/// <param name="Title">The problem's title.</param>
/// <param name="Statuses">The HTTP statuses it comes with.</param>
/// <param name="Validation">Whether the problem is validation-shaped (an <c>errors</c> map keyed by field).</param>
public sealed record ProblemRule(string Code, string Title, IReadOnlyList<int> Statuses, bool Validation);
