namespace YangFan.Benchmarks.Api.Data.Migrations;

/// <summary>
/// The data step of migration FormsSayWhatBlindReviewHides, the same on both providers. Version 1 of the shipped forms
/// was stored before attachment kinds said whether blind review hides them; the host then hid the business licence and
/// the recommendation letter by name. The shipped version 1 files now say so themselves (no other change), and a stored
/// version 1 that is exactly the file as shipped before (its content hash) becomes the file as shipped now, hash and
/// all, so the start-up's check of shipped versions still finds the stored version equal to its file.
/// </summary>
internal static class BlindReviewFlagsOfVersionOne
{
    /// <summary>Each shipped form's version 1: the content hash before and after the flags were written into it.</summary>
    private static readonly (string Key, string Before, string After)[] Versions =
    [
        ("demonstration-benchmark", "d8ea29a6065d5cfbded6c8425ea773c3adaaf277fc26d1618aa1896fd545b01e", "d61121cc4a55f61415680a570ccb0f07de9c5198ff32beae810a94d08c1f07e6"),
        ("innovation-centre", "37c872f01cfe2168dd783fee2666b445c7ad53acca725ec7a1e2b17fbd49c066", "f56899c9f1a6694e72c247b97a62d48deddb52dcb6676248fd2d357e807d849d"),
        ("regional-security-benchmark", "5ad37b5281b94df04a52e951ad9f47e1ada3c55fd5a588ddadb8ddc8a3ef7054", "8f8153bafbb7cafca83ff6a81e555901e34254234cfff884e838ebe81e01260c"),
        ("security-centre", "3dad3125b61a8bb2e7079908dbdc11596b75848c6035962c7fb69541f2e8f52f", "8c6dab57911f5691127e5d9a7801310b22f15f8fdc7c999999d5590027bb4dab"),
        ("solution-supplier", "7864e780d23789e86151d5bc549afaa7821ce4543f7784852ac75d6bdf2507f8", "5c47f2be163212fc7e4aa2a44ee1dfebbead17615d48c0e42eecc12cebaf6a8a"),
    ];

    /// <summary>Each text of the shipped version 1 that changed, and what it became (each occurs once in every file).</summary>
    private static readonly (string From, string To)[] Edits =
    [
        ("\"required\": false, \"template\"", "\"required\": false, \"hiddenInBlindReview\": false, \"template\""),
        ("\"Business licence\" }, \"required\": false }", "\"Business licence\" }, \"required\": false, \"hiddenInBlindReview\": true }"),
        ("\"Recommendation letter\" }, \"required\": false }", "\"Recommendation letter\" }, \"required\": false, \"hiddenInBlindReview\": true }"),
        ("\"Other documents\" }, \"required\": false }", "\"Other documents\" }, \"required\": false, \"hiddenInBlindReview\": false }"),
    ];

    /// <summary>One UPDATE per form, REPLACE and string literals being the same SQL on PostgreSQL and SQLite.</summary>
    public static IEnumerable<string> Sql()
    {
        var content = Edits.Aggregate("\"Content\"", (sql, edit) => $"REPLACE({sql}, '{edit.From}', '{edit.To}')");
        return Versions.Select(v =>
            $"UPDATE \"Forms\" SET \"Content\" = {content}, \"ContentHash\" = '{v.After}' " +
            $"WHERE \"Key\" = '{v.Key}' AND \"Version\" = 1 AND \"ContentHash\" = '{v.Before}'");
    }
}
