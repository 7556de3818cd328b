using BenchmarkDotNet.Attributes;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Performance;

/// <summary>Validation cost of a Unified Social Credit Code (GB 32100-2015), valid and invalid.</summary>
[MemoryDiagnoser]
public class CreditCodeBenchmarks
{
    // A valid example from the domain reference, and a real registered code whose check character does not match.
    private const string ValidCode = "9144030071526726XG";
    private const string InvalidCode = "91350203M0001QAY9B";

    private string _valid = null!;
    private string _invalid = null!;
    private string _padded = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Fresh instances, so the benchmarks do not run against interned literals.
        _valid = new string(ValidCode.AsSpan());
        _invalid = new string(InvalidCode.AsSpan());
        _padded = "  " + ValidCode.ToLowerInvariant() + " ";
    }

    [Benchmark(Baseline = true)]
    public bool ValidateValidCode() => CreditCode.IsValid(_valid);

    [Benchmark]
    public bool ValidateInvalidCode() => CreditCode.IsValid(_invalid);

    [Benchmark]
    public string? CheckInvalidCode() => CreditCode.Check(_invalid);

    [Benchmark]
    public bool NormaliseAndValidatePaddedCode() => CreditCode.IsValid(CreditCode.Normalise(_padded));
}
