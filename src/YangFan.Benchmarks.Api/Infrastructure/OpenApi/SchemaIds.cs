namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// Readable, unique schema ids: a nested type is prefixed by the type that holds it (<c>SubmitReview.Body</c> becomes
/// <c>SubmitReviewBody</c>) and a generic type by its arguments (<c>Page&lt;UserView&gt;</c> becomes
/// <c>UserViewPage</c>), so client generators get names they can use as class names. Swashbuckle refuses to build a
/// document in which two types would share an id.
/// </summary>
public static class SchemaIds
{
    public static string For(Type type)
    {
        if (type.IsArray)
            return For(type.GetElementType()!) + "Array";
        var name = type.Name;
        if (type.IsGenericType)
            name = string.Concat(type.GetGenericArguments().Select(For)) + name[..name.IndexOf('`', StringComparison.Ordinal)];
        return type.IsNested && !type.IsGenericParameter ? For(type.DeclaringType!) + name : name;
    }
}
