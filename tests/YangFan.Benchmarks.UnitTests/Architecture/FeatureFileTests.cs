namespace YangFan.Benchmarks.UnitTests.Architecture;

/// <summary>
/// One use case, one file (docs/architecture.md, "One file per use case"): a reader guesses the file that holds a behaviour from its
/// name, so no file under <c>Features/</c> holds two Mediator handlers. Which file a handler is in comes from the
/// compiler's symbols for the Api, so the check cannot be fooled by how the source is formatted.
/// </summary>
public sealed class FeatureFileTests
{
    [Fact]
    public void Each_feature_file_holds_at_most_one_handler()
    {
        var crowded = FilesHoldingSeveralHandlers(ApiFeatures.Load());

        Assert.True(crowded.Count == 0,
            "One use case per file: split these files so that each holds one handler (name the file after its use case).\n"
            + string.Join("\n", crowded));
    }

    internal static List<string> FilesHoldingSeveralHandlers(ApiFeatures features)
    {
        Assert.True(features.HasSymbols, $"The Api's symbols ({Path.ChangeExtension(features.Module.FileName, ".pdb")}) are needed to know each handler's file.");
        var handlers = features.Types.Where(ApiFeatures.IsHandler).ToList();
        Assert.NotEmpty(handlers);

        var byFile = new Dictionary<string, List<string>>();
        foreach (var handler in handlers)
        {
            var files = ApiFeatures.SourceFilesOf(handler);
            Assert.True(files.Count == 1, $"{handler.FullName} should be written in exactly one file, but its code is in: [{string.Join(", ", files)}].");
            var file = ApiFeatures.FeaturePath(files[0]);
            if (!byFile.TryGetValue(file, out var names))
                byFile[file] = names = [];
            names.Add(handler.FullName.Replace('/', '.'));
        }
        return byFile.Where(f => f.Value.Count > 1).OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Key} holds {f.Value.Count} handlers: {string.Join(", ", f.Value.Order(StringComparer.Ordinal))}")
            .ToList();
    }
}
