namespace AspireChain.Validator.Options;

/// <summary>The name the Validator signs its rejections with (the resource name in the AppHost).</summary>
internal static class ValidatorIdentity
{
    /// <summary>The <c>source</c> of the rejections it publishes.</summary>
    public const string Source = "validator";

    /// <summary>The replica name: configured, else <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c>, else <see cref="Source"/>.</summary>
    public static string ResolveInstanceId(string? configured, string? resourceAttributes)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var pair in (resourceAttributes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == "service.instance.id" && parts[1].Length > 0)
            {
                return parts[1];
            }
        }

        return Source;
    }
}
