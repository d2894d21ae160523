namespace MultiSessionWeb.Tests.Infrastructure;

/// <summary>
/// For what another process delivers on its own schedule (a PostgreSQL notification): asks again until
/// the answer is the expected one. The limit is generous on a busy machine and far below what the
/// behaviour under test would take without it (the cache's maximum age).
/// </summary>
public static class Eventually
{
    public static async Task EqualAsync<T>(IReadOnlyList<T> expected, Func<Task<IReadOnlyList<T>>> actual, int withinSeconds = 10)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(withinSeconds);
        while (true)
        {
            var seen = await actual();
            if (seen.SequenceEqual(expected) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, seen);
                return;
            }

            await Task.Delay(20);
        }
    }
}
