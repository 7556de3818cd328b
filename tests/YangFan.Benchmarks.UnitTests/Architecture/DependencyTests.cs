using System.Reflection;
using YangFan.Benchmarks.Domain.Organisations;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// The rooms stay apart: the engine knows only the BCL and Stateless, the model and its pure rules know no web,
/// persistence or hosting framework, and neither knows the other (docs/architecture.md, "Three projects").
/// </summary>
public sealed class DependencyTests
{
    private static readonly Assembly Engine = typeof(WorkflowDefinition).Assembly;
    private static readonly Assembly Domain = typeof(CreditCode).Assembly;
    private static readonly Assembly Forms = typeof(YangFan.Benchmarks.Forms.FormDefinition).Assembly;

    private static bool IsBcl(AssemblyName name) =>
        name.Name is "netstandard" or "mscorlib" || name.Name!.StartsWith("System", StringComparison.Ordinal)
        || name.Name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    private static IEnumerable<string> ReferencesBeyond(Assembly assembly, Func<AssemblyName, bool> allowed) =>
        assembly.GetReferencedAssemblies().Where(r => !allowed(r)).Select(r => r.Name!).Order();

    [Fact]
    public void The_workflow_engine_references_only_the_BCL_and_Stateless() =>
        Assert.Empty(ReferencesBeyond(Engine, r => IsBcl(r) || r.Name == "Stateless"));

    [Fact]
    public void The_domain_references_only_the_BCL_and_the_solver_of_the_expert_assigner() =>
        Assert.Empty(ReferencesBeyond(Domain, r => IsBcl(r) || r.Name!.StartsWith("Google.", StringComparison.Ordinal)));

    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.Extensions")]
    [InlineData("Mediator")]
    [InlineData("FluentValidation")]
    [InlineData("YangFan.Benchmarks.Api")]
    public void Neither_the_engine_nor_the_domain_uses_a_host_framework(string framework)
    {
        foreach (var assembly in new[] { Engine, Domain })
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name!.StartsWith(framework, StringComparison.Ordinal));
    }

    [Fact]
    public void The_engine_and_the_domain_do_not_know_each_other()
    {
        Assert.DoesNotContain(Engine.GetReferencedAssemblies(), r => r.Name == Domain.GetName().Name);
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), r => r.Name == Engine.GetName().Name);
    }

    [Fact]
    public void The_forms_reference_only_the_BCL_and_the_JSON_Schema_library()
    {
        Assert.Empty(ReferencesBeyond(Forms, r => IsBcl(r) || r.Name is "JsonSchema.Net" or "JsonPointer.Net" or "Json.More"));
        Assert.DoesNotContain(Forms.GetReferencedAssemblies(), r => r.Name == Domain.GetName().Name || r.Name == Engine.GetName().Name);
    }
}
