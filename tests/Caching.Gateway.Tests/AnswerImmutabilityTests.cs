using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Hosting;

namespace Caching.Gateway.Tests;

/// <summary>
/// The answers the cache shares between callers (marked <c>[ImmutableObject(true)]</c>) are immutable through everything
/// a caller can reach: no settable property, no mutable collection, and the upstream's extra fields behind a read-only view.
/// </summary>
public sealed class AnswerImmutabilityTests
{
    public static TheoryData<Type> SharedAnswers =>
    [
        typeof(ChatCompletionResponse), typeof(ChatCompletionChunk), typeof(EmbeddingResponse), typeof(ImageResponse),
    ];

    [Theory]
    [MemberData(nameof(SharedAnswers))]
    public void Nothing_public_in_a_shared_answer_can_be_changed(Type answer)
    {
        var problems = new List<string>();
        Walk(answer, new HashSet<Type>(), problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void The_upstreams_extra_fields_are_read_only_even_through_a_cast()
    {
        ChatCompletionResponse answer = JsonSerializer.Deserialize(
            """{"id":"a","choices":[{"index":0,"message":{"role":"assistant","content":"hi","annotations":[]},"finish_reason":"stop","logprobs":null}],"system_fingerprint":"fp"}""",
            GatewayJson.Info<ChatCompletionResponse>())!;

        var fields = (IDictionary<string, JsonElement>)answer.AdditionalFields;

        Assert.Equal("fp", answer.AdditionalFields["system_fingerprint"].GetString());
        Assert.Throws<NotSupportedException>(() => fields["system_fingerprint"] = default);
        Assert.Throws<NotSupportedException>(() => fields.Clear());
        Assert.True(answer.Choices[0].Message.AdditionalFields.ContainsKey("annotations"));
        Assert.Contains("\"system_fingerprint\":\"fp\"", JsonSerializer.Serialize(answer, GatewayJson.Info<ChatCompletionResponse>()), StringComparison.Ordinal);
    }

    private static void Walk(Type type, HashSet<Type> seen, List<string> problems)
    {
        if (!seen.Add(type))
        {
            return;
        }

        if (type.GetCustomAttribute<ImmutableObjectAttribute>()?.Immutable != true)
        {
            problems.Add($"{type.Name} is not marked [ImmutableObject(true)]");
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                problems.Add($"{type.Name}.{property.Name} has a public setter");
            }

            CheckValue(type.Name + "." + property.Name, property.PropertyType, seen, problems);
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            problems.Add($"{type.Name}.{field.Name} is a public field");
        }
    }

    private static void CheckValue(string where, Type type, HashSet<Type> seen, List<string> problems)
    {
        Type value = Nullable.GetUnderlyingType(type) ?? type;
        if (value.IsPrimitive || value == typeof(string) || value == typeof(JsonElement) || value == typeof(decimal))
        {
            return;
        }

        if (value.IsGenericType && value.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            CheckValue(where + "[]", value.GetGenericArguments()[0], seen, problems);
            return;
        }

        if (value == typeof(IReadOnlyDictionary<string, JsonElement>))
        {
            return; // a read-only wrapper at run time: pinned by the test above
        }

        if (value.IsClass && value.Namespace == typeof(ChatCompletionResponse).Namespace)
        {
            Walk(value, seen, problems);
            return;
        }

        problems.Add($"{where} is a {value.Name}, which may be mutable");
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
