namespace AspireChain.Validator.Identity;

/// <summary>The name the Validator signs its rejections with (the resource name in the AppHost).</summary>
internal static class ValidatorIdentity
{
    /// <summary>The <c>source</c> of the rejections it publishes.</summary>
    public const string Source = "validator";
}
