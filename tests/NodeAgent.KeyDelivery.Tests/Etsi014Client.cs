using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NodeAgent.KeyDelivery.Tests;

/// <summary>
/// An SAE's client written from ETSI GS QKD 014 V1.1.1 (clauses 5 and 6) alone: paths, query parameters and JSON
/// field names as the standard gives them, parsed as plain JSON (none of the server's types).
/// </summary>
internal sealed class Etsi014Client : IDisposable
{
    private readonly HttpClient _http;

    public Etsi014Client(Uri kme, X509Certificate2? clientCertificate, X509Certificate2 trustedCa, Version? httpVersion = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        _http = new HttpClient(handler) { BaseAddress = kme, Timeout = TimeSpan.FromSeconds(30) };
        if (httpVersion is not null)
        {
            _http.DefaultRequestVersion = httpVersion;
            _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    public Task<Answer> StatusAsync(string slave) => SendAsync(HttpMethod.Get, $"api/v1/keys/{slave}/status", null);

    public Task<Answer> GetKeyAsync(string slave, int? number = null, int? size = null)
    {
        var query = new List<string>();
        if (number is not null)
        {
            query.Add($"number={number}");
        }

        if (size is not null)
        {
            query.Add($"size={size}");
        }

        return SendAsync(HttpMethod.Get, $"api/v1/keys/{slave}/enc_keys" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null);
    }

    public Task<Answer> PostKeyAsync(string slave, string json) => SendAsync(HttpMethod.Post, $"api/v1/keys/{slave}/enc_keys", json);

    public Task<Answer> GetKeyWithIdAsync(string master, string keyId) =>
        SendAsync(HttpMethod.Get, $"api/v1/keys/{master}/dec_keys?key_ID={Uri.EscapeDataString(keyId)}", null);

    public Task<Answer> PostKeyWithIdsAsync(string master, IEnumerable<string> keyIds) =>
        SendAsync(HttpMethod.Post, $"api/v1/keys/{master}/dec_keys", new JsonObject
        {
            ["key_IDs"] = new JsonArray(keyIds.Select(id => (JsonNode)new JsonObject { ["key_ID"] = id }).ToArray()),
        }.ToJsonString());

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path) { Version = _http.DefaultRequestVersion, VersionPolicy = _http.DefaultVersionPolicy };
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body), response.Version);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Status code and parsed body.</summary>
    internal sealed record Answer(HttpStatusCode Status, JsonNode? Body, Version Version)
    {
        /// <summary>The keys of a Key container: key_ID and the decoded bytes.</summary>
        public List<(string Id, byte[] Key)> Keys() =>
            Body!["keys"]!.AsArray().Select(k => (k!["key_ID"]!.GetValue<string>(), Convert.FromBase64String(k["key"]!.GetValue<string>()))).ToList();

        /// <summary>The message of an Error body.</summary>
        public string? Message => Body?["message"]?.GetValue<string>();
    }
}
