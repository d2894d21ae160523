using Microsoft.Extensions.Time.Testing;
using MultiSessionWeb.Authentication;

namespace MultiSessionWeb.Tests;

public sealed class BoundedMemoTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void ItNeverHoldsMoreThanItsCapacity()
    {
        var memo = new BoundedMemo<string, string>(StringComparer.Ordinal, _time, capacity: 8, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 1_000; i++)
        {
            memo.Remember($"key {i}", $"value {i}");
            Assert.True(memo.Count <= 8, $"{memo.Count} held after {i + 1} remembered.");
        }

        Assert.True(memo.TryGet("key 999", out var last));
        Assert.Equal("value 999", last);
        Assert.False(memo.TryGet("key 0", out _));
    }

    [Fact]
    public void AKeyInUseSurvivesEveryRotation()
    {
        var memo = new BoundedMemo<string, string>(StringComparer.Ordinal, _time, capacity: 4, TimeSpan.FromMinutes(1));
        memo.Remember("in use", "kept");

        for (var i = 0; i < 100; i++)
        {
            memo.Remember($"passing {i}", "dropped");
            Assert.True(memo.TryGet("in use", out var value), $"lost after {i + 1} others.");
            Assert.Equal("kept", value);
        }
    }

    [Fact]
    public void AValueIsUsedForItsMaxAgeAndNotAfter()
    {
        var memo = new BoundedMemo<string, string>(StringComparer.Ordinal, _time, capacity: 4, TimeSpan.FromMinutes(1));
        memo.Remember("key", "value");

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(memo.TryGet("key", out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(memo.TryGet("key", out _));
    }

    [Fact]
    public void WithNoCapacityNothingIsRemembered()
    {
        var memo = new BoundedMemo<string, string>(StringComparer.Ordinal, _time, capacity: 0, TimeSpan.FromMinutes(1));
        memo.Remember("key", "value");

        Assert.False(memo.Enabled);
        Assert.False(memo.TryGet("key", out _));
        Assert.Equal(0, memo.Count);
    }
}
