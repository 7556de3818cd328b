using System.Text.Json;
using Microsoft.OpenApi;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Reference;

/// <summary>The served OpenAPI document, read as client generators and linters read it.</summary>
public sealed class OpenApiDocumentTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<(string Text, JsonElement Root)> DocumentAsync()
    {
        var text = await Anonymous().GetStringAsync("/swagger/v1/swagger.json");
        return (text, JsonDocument.Parse(text).RootElement);
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Schema(JsonElement document, string id) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(id);

    [Fact]
    public async Task The_document_reads_without_errors_every_reference_resolves_and_schema_ids_are_plain_names()
    {
        var (text, document) = await DocumentAsync();

        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);

        var references = new List<string>();
        Collect(document, references);
        Assert.NotEmpty(references);
        foreach (var reference in references.Distinct())
        {
            Assert.StartsWith("#/", reference);
            var target = document;
            foreach (var segment in reference[2..].Split('/'))
                Assert.True(target.TryGetProperty(segment.Replace("~1", "/").Replace("~0", "~"), out target), $"Unresolved reference {reference}");
        }
        foreach (var id in document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name))
            Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", id);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("UserViewPage", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("SubmitReviewBody", out _));

        static void Collect(JsonElement element, List<string> into)
        {
            if (element.ValueKind == JsonValueKind.Object)
                foreach (var property in element.EnumerateObject())
                    if (property.Name == "$ref") into.Add(property.Value.GetString()!);
                    else Collect(property.Value, into);
            else if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray())
                    Collect(item, into);
        }
    }

    [Theory]
    [InlineData("/api/directories", "get")]
    [InlineData("/api/auth/token", "post")]
    [InlineData("/api/auth/register", "post")]
    [InlineData("/api/sectors", "get")]
    [InlineData("/api/notices/{id}/objections", "post")]
    [InlineData("/api/notices/{id}/objections/{objectionId}/confirmation", "post")]
    [InlineData("/api/calls", "get")]
    public async Task Anonymous_endpoints_carry_no_security_requirement(string path, string method)
    {
        var (_, document) = await DocumentAsync();

        Assert.False(document.TryGetProperty("security", out _));
        Assert.False(Operation(document, path, method).TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData("/api/users", "get", true)]
    [InlineData("/api/workflows", "get", true)]
    [InlineData("/api/me", "get", false)]
    [InlineData("/api/applications", "get", false)]
    public async Task Endpoints_that_demand_authorization_carry_the_bearer_requirement_and_its_refusals(string path, string method, bool roleRequired)
    {
        var (_, document) = await DocumentAsync();
        var operation = Operation(document, path, method);

        var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray().ToList());
        Assert.True(requirement.TryGetProperty("bearer", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
        if (roleRequired)
            Assert.True(operation.GetProperty("responses").TryGetProperty("403", out _));
    }

    [Theory]
    [InlineData("/api/auth/token")]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/notices/{id}/objections")]
    [InlineData("/api/notices/{id}/objections/{objectionId}/confirmation")]
    public async Task Rate_limited_endpoints_document_429_as_a_problem_with_Retry_After(string path)
    {
        var (_, document) = await DocumentAsync();

        var tooMany = Operation(document, path, "post").GetProperty("responses").GetProperty("429");
        Assert.True(tooMany.GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal("integer", tooMany.GetProperty("headers").GetProperty("Retry-After").GetProperty("schema").GetProperty("type").GetString());
        Assert.False(Operation(document, "/api/users", "get").GetProperty("responses").TryGetProperty("429", out _));
    }

    [Fact]
    public async Task Limits_the_validators_enforce_appear_in_the_request_schemas()
    {
        var (_, document) = await DocumentAsync();

        var token = Schema(document, "IssueTokenCommand");
        Assert.Equal(256, token.GetProperty("properties").GetProperty("email").GetProperty("maxLength").GetInt32());
        Assert.Equal(1, token.GetProperty("properties").GetProperty("email").GetProperty("minLength").GetInt32());
        Assert.Contains("password", token.GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        var call = Schema(document, "SaveCallBody").GetProperty("properties");
        Assert.Equal(2021, call.GetProperty("year").GetProperty("minimum").GetInt32());
        Assert.Equal(2100, call.GetProperty("year").GetProperty("maximum").GetInt32());

        // A body whose validator checks the command built from it: the command's rules describe the body.
        var review = Schema(document, "SubmitReviewBody").GetProperty("properties").GetProperty("comment");
        Assert.Equal(4000, review.GetProperty("maxLength").GetInt32());

        // A nested object checked by its own validator (SetValidator).
        var organisation = Schema(document, "RegisterOrganisationInput").GetProperty("properties");
        Assert.Equal(300, organisation.GetProperty("address").GetProperty("maxLength").GetInt32());

        // An anchored pattern bounds the length: ^[0-9]{2}$ and ^(20[0-9]{2})(-(0[1-9]|1[0-2]))?$.
        Assert.Equal(2, organisation.GetProperty("provinceCode").GetProperty("maxLength").GetInt32());
        Assert.Equal(7, Schema(document, "RecordObservationBody").GetProperty("properties").GetProperty("period").GetProperty("maxLength").GetInt32());

        // A count rule (x.Sectors.Count <= 15) and a rule on each element.
        var sectors = Schema(document, "UpdateExpertBody").GetProperty("properties").GetProperty("sectors");
        Assert.Equal(15, sectors.GetProperty("maxItems").GetInt32());
        Assert.Equal(64, sectors.GetProperty("items").GetProperty("maxLength").GetInt32());

        // A query parameter bound to a validated query member.
        var pageSize = Operation(document, "/api/directories/{id}", "get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "pageSize").GetProperty("schema");
        Assert.Equal(200, pageSize.GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task Every_string_integer_and_array_a_client_sends_in_a_body_or_path_is_bounded()
    {
        var (_, document) = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var unbounded = new List<string>();
        var seen = new HashSet<string>();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                    // Query parameters are filters and cursors, never stored; .spectral.yaml only warns about those.
                    foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
                        Check(parameter.GetProperty("schema"), $"{operation.Name} {path.Name} {parameter.GetProperty("name").GetString()}");
                if (operation.Value.TryGetProperty("requestBody", out var body))
                    foreach (var content in body.GetProperty("content").EnumerateObject())
                        Check(content.Value.GetProperty("schema"), $"{operation.Name} {path.Name} body");
            }

        Assert.Empty(unbounded);

        // The owasp:api4 string, integer and array limits, as tools/openapi-lint/.spectral.yaml applies them to requests.
        void Check(JsonElement schema, string where)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var id = reference.GetString()!.Split('/')[^1];
                if (seen.Add(id))
                    Check(schemas.GetProperty(id), id);
                return;
            }
            var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
            var bounded = type switch
            {
                "string" => schema.TryGetProperty("maxLength", out _) || schema.TryGetProperty("enum", out _)
                    || (schema.TryGetProperty("format", out var format) && format.GetString() is "uuid" or "date-time" or "date" or "binary"),
                "integer" => schema.TryGetProperty("enum", out _) || (schema.TryGetProperty("minimum", out _) && schema.TryGetProperty("maximum", out _)),
                "array" => schema.TryGetProperty("maxItems", out _),
                _ => true,
            };
            if (!bounded)
                unbounded.Add(where);
            if (schema.TryGetProperty("items", out var items))
                Check(items, where + "[]");
            if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
                Check(values, where + "{}");
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                    Check(property.Value, where + "." + property.Name);
        }
    }

    [Theory]
    [InlineData("OrganisationKind", null)]
    [InlineData("SubmitReviewVerdict", null)]
    [InlineData("ResolveObjectionOutcome", "Sustained")]
    public async Task Enums_are_described_by_the_names_the_API_speaks(string id, string? name)
    {
        var (_, document) = await DocumentAsync();

        var schema = Schema(document, id);
        Assert.Equal("string", schema.GetProperty("type").GetString());
        var values = schema.GetProperty("enum").EnumerateArray().ToList();
        Assert.All(values, v => Assert.Equal(JsonValueKind.String, v.ValueKind));
        if (name is not null)
            Assert.Contains(name, values.Select(v => v.GetString()));
    }

    [Fact]
    public async Task Nullable_fields_are_marked_nullable_and_others_are_not()
    {
        var (_, document) = await DocumentAsync();

        var objection = Schema(document, "ObjectionView").GetProperty("properties");
        Assert.True(objection.GetProperty("evidenceFileName").GetProperty("nullable").GetBoolean());
        Assert.True(objection.GetProperty("resolvedAt").GetProperty("nullable").GetBoolean());
        Assert.False(objection.GetProperty("reason").TryGetProperty("nullable", out _));
        Assert.False(objection.GetProperty("createdAt").TryGetProperty("nullable", out _));
    }

    [Theory]
    [InlineData("/api/applications/{id}/attachments/{attachmentId}", "application/pdf")]
    [InlineData("/api/objections/{id}/evidence", "image/png")]
    [InlineData("/api/workflows/{key}/versions/{version}/diagram", "text/vnd.graphviz")]
    [InlineData("/api/directories/{id}/export", "text/csv")]
    public async Task Downloads_document_their_file_as_the_success_response(string path, string mediaType)
    {
        var (_, document) = await DocumentAsync();

        var ok = Operation(document, path, "get").GetProperty("responses").GetProperty("200");
        var schema = ok.GetProperty("content").GetProperty(mediaType).GetProperty("schema");
        Assert.Equal("binary", schema.GetProperty("format").GetString());
    }

    [Fact]
    public async Task The_objection_endpoint_documents_its_multipart_form()
    {
        var (_, document) = await DocumentAsync();

        var body = Operation(document, "/api/notices/{id}/objections", "post").GetProperty("requestBody");
        var reference = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("$ref").GetString()!;
        var form = Schema(document, reference.Split('/')[^1]).GetProperty("properties");
        Assert.Equal(["entry", "objectorName", "email", "contact", "reason", "evidence", "submissionId"], form.EnumerateObject().Select(p => p.Name));
        Assert.Equal("binary", form.GetProperty("evidence").GetProperty("format").GetString());
        Assert.Equal(4000, form.GetProperty("reason").GetProperty("maxLength").GetInt32());
    }
}
