using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspireChain.Following;

/// <summary>Source-generated JSON metadata for the follower's HTTP views.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FollowingView))]
[JsonSerializable(typeof(IReadOnlyList<FollowFault>))]
public sealed partial class FollowingJsonContext : JsonSerializerContext;
