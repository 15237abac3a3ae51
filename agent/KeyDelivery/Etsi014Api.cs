using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodeAgent.KeyDelivery.Etsi;

namespace NodeAgent.KeyDelivery;

/// <summary>The routes of ETSI GS QKD 014 V1.1.1 (clause 5) over a <see cref="KeyDeliveryService"/>.</summary>
public static class Etsi014Api
{
    /// <summary>Maps status, enc_keys (GET, POST) and dec_keys (GET, POST) under /api/v1/keys.</summary>
    public static void MapEtsi014(this IEndpointRouteBuilder routes, KeyDeliveryService service)
    {
        RouteGroupBuilder keys = routes.MapGroup("/api/v1/keys/{sae}");
        keys.MapGet("/status", (HttpContext http, string sae) => Answer(http, service.Status(Caller(http), sae)));
        keys.MapGet("/enc_keys", async (HttpContext http, string sae) =>
        {
            if (!TryQueryInt(http, "number", out int? number) || !TryQueryInt(http, "size", out int? size))
            {
                return Answer(http, Counted(service, EtsiResult.BadRequest("number and size must be integers")));
            }

            var request = new EtsiKeyRequest { Number = number, Size = size };
            return Answer(http, await service.EncKeysAsync(Caller(http), sae, request, http.RequestAborted).ConfigureAwait(false));
        });
        keys.MapPost("/enc_keys", async (HttpContext http, string sae) =>
        {
            (EtsiKeyRequest? request, EtsiResult? error) = await ReadJsonAsync<EtsiKeyRequest>(http).ConfigureAwait(false);
            return request is null
                ? Answer(http, Counted(service, error!.Value))
                : Answer(http, await service.EncKeysAsync(Caller(http), sae, request, http.RequestAborted).ConfigureAwait(false));
        });
        keys.MapGet("/dec_keys", (HttpContext http, string sae) =>
            Answer(http, service.DecKeys(Caller(http), sae, [.. http.Request.Query["key_ID"]])));
        keys.MapPost("/dec_keys", async (HttpContext http, string sae) =>
        {
            (EtsiKeyIds? request, EtsiResult? error) = await ReadJsonAsync<EtsiKeyIds>(http).ConfigureAwait(false);
            return request is null
                ? Answer(http, Counted(service, error!.Value))
                : Answer(http, service.DecKeys(Caller(http), sae, request.KeyIds?.Select(k => k?.KeyId).ToList() ?? []));
        });
    }

    private static string? Caller(HttpContext http) => ClientCertificateValidator.SaeIdOf(http.Connection.ClientCertificate);

    private static IResult Answer(HttpContext http, EtsiResult result)
    {
        // Keys in a response must not linger in caches.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(result.Body, statusCode: result.StatusCode);
    }

    private static EtsiResult Counted(KeyDeliveryService service, EtsiResult result)
    {
        service.Statistics.Answered(result.StatusCode);
        return result;
    }

    private static bool TryQueryInt(HttpContext http, string name, out int? value)
    {
        value = null;
        string? text = http.Request.Query[name];
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static async Task<(T? Value, EtsiResult? Error)> ReadJsonAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            T? value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, EtsiResult.BadRequest("request body must be a JSON object")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, EtsiResult.BadRequest("request body is not valid JSON", ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, EtsiResult.BadRequest("request body rejected", ex.Message));
        }
    }
}
