using System;
using System.Threading.Tasks;
using Gateway.Hosting;
using Gateway.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tenants;

/// <summary>
/// Checks the client's key on every <c>/v1/</c> route when tenants are configured: <c>Authorization: Bearer {key}</c> of
/// a tenant, or an OpenAI-format 401 (<c>invalid_api_key</c>) before anything else runs. The tenant is then the
/// request's, for its cache scope, its counters and its traces.
/// </summary>
internal static class TenantKeys
{
    public static IApplicationBuilder UseTenantKeys(this IApplicationBuilder app)
    {
        TenantDirectory tenants = app.ApplicationServices.GetRequiredService<TenantDirectory>();
        return app.Use((http, next) =>
        {
            if (tenants.IsOpen || !http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                return next(http);
            }

            Tenant? tenant = tenants.Resolve(SecretKeys.BearerOf(http.Request));
            if (tenant is null)
            {
                return RefuseAsync(http);
            }

            http.Features.Set(tenant);
            return next(http);
        });
    }

    /// <summary>The tenant the request was made for; null on an open gateway.</summary>
    public static Tenant? TenantOf(HttpContext http) => http.Features.Get<Tenant>();

    /// <summary>The tenant's name as metrics label it: <see cref="Tenant.Anonymous"/> on an open gateway.</summary>
    public static string LabelOf(HttpContext http) => TenantOf(http)?.Name ?? Tenant.Anonymous;

    /// <summary>OpenAI's answer to a key it does not accept: a 401 with the code <c>invalid_api_key</c>.</summary>
    public static IResult InvalidKey(string message) =>
        new RequestError(message, null, "invalid_api_key", StatusCodes.Status401Unauthorized).ToResult();

    private static Task RefuseAsync(HttpContext http)
    {
        bool missing = SecretKeys.BearerOf(http.Request).IsEmpty;
        string message = missing
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : "Incorrect API key provided. Ask the gateway's operator for a key.";
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return InvalidKey(message).ExecuteAsync(http);
    }
}
