using AspireChain.Validator.Apis;
using AspireChain.Validator.Extensions;

namespace AspireChain.Validator;

/// <summary>
/// Validator: candidate blocks in, the one accepted block per height out. A named entry point (not a top-level
/// <c>Program</c>) so tests can host it in-process next to the other services.
/// </summary>
public static class ValidatorApp
{
    /// <summary>Builds the app; <paramref name="configure"/> lets tests override configuration and URLs first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ValidatorApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);

        builder.AddServiceDefaults();
        builder.AddValidator();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapValidatorApi();
        return app;
    }

    /// <summary>Runs the service.</summary>
    public static void Main(string[] args) => Build(args).Run();
}
