using NodeAgent.Operator.Rendering;

namespace NodeAgent.Operator.Tests;

public sealed class SparklineTests
{
    [Fact]
    public void Empty_series_is_all_spaces_of_the_width()
    {
        Assert.Equal("     ", Sparkline.Render([], 5));
    }

    [Fact]
    public void Zero_width_is_empty()
    {
        Assert.Equal(string.Empty, Sparkline.Render([1, 2, 3], 0));
    }

    [Fact]
    public void Rising_series_uses_every_level_from_lowest_to_highest()
    {
        Assert.Equal("▁▂▃▄▅▆▇█", Sparkline.Render([0, 1, 2, 3, 4, 5, 6, 7], 8));
    }

    [Fact]
    public void Short_series_is_right_aligned()
    {
        Assert.Equal("   ▁█", Sparkline.Render([1, 2], 5));
    }

    [Fact]
    public void Long_series_shows_only_the_last_values()
    {
        Assert.Equal("▁█", Sparkline.Render([9, 9, 9, 0, 1], 2));
    }

    [Fact]
    public void Constant_series_is_drawn_at_mid_height_or_at_the_bottom_when_zero()
    {
        Assert.Equal("▄▄▄", Sparkline.Render([5, 5, 5], 3));
        Assert.Equal("▁▁▁", Sparkline.Render([0, 0, 0], 3));
    }

    [Fact]
    public void NaN_and_infinities_are_gaps_and_do_not_disturb_the_scale()
    {
        Assert.Equal("▁ █ ", Sparkline.Render([0, double.NaN, 10, double.PositiveInfinity], 4));
        Assert.Equal("   ", Sparkline.Render([double.NaN, double.NaN, double.NaN], 3));
    }

    [Fact]
    public void Negative_width_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sparkline.Render([1.0], -1));
    }
}
