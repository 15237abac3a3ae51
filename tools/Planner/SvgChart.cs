using System.Globalization;
using System.Text;

namespace NodeAgent.Planner;

/// <summary>A line chart with a logarithmic (or linear) y axis, written as a standalone SVG document (no dependencies).</summary>
/// <remarks>With <c>legendBelow</c> the legend goes under the plot in two columns, for charts with many series.</remarks>
internal sealed class SvgChart(string title, string xLabel, string yLabel, bool logarithmicY = true, bool legendBelow = false)
{
    private const int Width = 800, Height = 520, Left = 90, Right = 30, Top = 50, Bottom = 70;
    private static readonly string[] s_colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Markers)> _series = [];

    /// <summary>Adds a series; points with a non-finite y, or a non-positive one on a log axis, are left out.</summary>
    public void Add(string name, IReadOnlyList<(double X, double Y)> points, bool markers = false) =>
        _series.Add((name, points.Where(p => double.IsFinite(p.Y) && (p.Y > 0 || !logarithmicY)).ToList(), markers));

    public string Render()
    {
        var all = _series.SelectMany(s => s.Points).ToList();
        double xMin = all.Count == 0 ? 0 : all.Min(p => p.X), xMax = all.Count == 0 ? 1 : all.Max(p => p.X);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        // Log axis: whole decades; linear axis: a nice step around the data. yLow/yHigh are in axis units.
        double Axis(double y) => logarithmicY ? Math.Log10(y) : y;
        double yLow = all.Count == 0 ? 0 : Axis(all.Min(p => p.Y));
        double yHigh = all.Count == 0 ? 1 : Axis(all.Max(p => p.Y));
        double yStep = logarithmicY ? 1 : NiceStep(Math.Max(yHigh - yLow, 1e-9));
        yLow = Math.Floor(yLow / yStep) * yStep;
        yHigh = Math.Ceiling(yHigh / yStep) * yStep;
        if (yHigh <= yLow)
        {
            yHigh = yLow + yStep;
        }

        double PlotX(double x) => Left + ((x - xMin) / (xMax - xMin) * (Width - Left - Right));
        double PlotY(double y) => Height - Bottom - ((Axis(y) - yLow) / (yHigh - yLow) * (Height - Top - Bottom));

        var svg = new StringBuilder();
        int legendRows = legendBelow ? (_series.Count + 1) / 2 : 0;
        int totalHeight = Height + (legendRows * 20) + (legendBelow ? 10 : 0);
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{totalHeight}\" font-family=\"sans-serif\" font-size=\"13\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{totalHeight}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n"));
        for (double d = yLow; d <= yHigh + (yStep / 2); d += yStep)
        {
            double value = logarithmicY ? Math.Pow(10, d) : d;
            double y = PlotY(value);
            string label = logarithmicY ? Invariant($"1e{d:F0}") : Invariant($"{d:G4}");
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{label}</text>\n"));
        }

        double step = NiceStep(xMax - xMin);
        for (double x = Math.Ceiling(xMin / step) * step; x <= xMax + 1e-9; x += step)
        {
            double px = PlotX(x);
            svg.Append(Invariant($"<line x1=\"{px:F1}\" y1=\"{Top}\" x2=\"{px:F1}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/>"));
            svg.Append(Invariant($"<text x=\"{px:F1}\" y=\"{Height - Bottom + 20}\" text-anchor=\"middle\">{x:G4}</text>\n"));
        }

        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 25}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(22 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n"));
        for (int i = 0; i < _series.Count; i++)
        {
            (string name, IReadOnlyList<(double X, double Y)> points, bool markers) = _series[i];
            string colour = s_colours[i % s_colours.Length];
            if (markers)
            {
                foreach ((double x, double y) in points)
                {
                    svg.Append(Invariant($"<circle cx=\"{PlotX(x):F1}\" cy=\"{PlotY(y):F1}\" r=\"4.5\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
                }
            }
            else if (points.Count > 0)
            {
                string path = string.Join(" ", points.Select((p, k) => Invariant($"{(k == 0 ? "M" : "L")}{PlotX(p.X):F1},{PlotY(p.Y):F1}")));
                svg.Append(Invariant($"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>\n"));
            }

            double ly = legendBelow ? Height + 10 + ((i / 2) * 20) : Top + 18 + (i * 20);
            double lx = legendBelow ? Left + ((i % 2) * 340) : Width - Right - 250;
            svg.Append(Invariant($"<rect x=\"{lx}\" y=\"{ly - 10}\" width=\"14\" height=\"4\" fill=\"{colour}\"/>"));
            svg.Append(Invariant($"<text x=\"{lx + 20}\" y=\"{ly - 3}\">{Escape(name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double NiceStep(double range)
    {
        double raw = range / 8;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double normalised = raw / magnitude;
        return (normalised < 1.5 ? 1 : normalised < 3.5 ? 2 : normalised < 7.5 ? 5 : 10) * magnitude;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
