#!/usr/bin/env python3
"""Draws the panels of a Grafana dashboard JSON (compose/grafana/dashboards/gsan.json) from a
real Prometheus's answers to the panels' own queries, laid out on the dashboard's 24-column
grid, into one PNG (ops/painel; docs/painel.png). Not Grafana: the same queries, drawn here."""
import argparse, json, math, urllib.parse, urllib.request
from datetime import datetime, timezone

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.dates as mdates


def query_range(base, expr, start, end, step):
    url = base + "/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(url, timeout=30) as answer:
        data = json.load(answer)
    if data.get("status") != "success":
        raise SystemExit(f"Prometheus recusou {expr!r}: {data}")
    return data["data"]["result"]


def legend(fmt, metric):
    text = fmt or "{{__name__}}"
    for key, value in metric.items():
        text = text.replace("{{" + key + "}}", value)
    while "{{" in text:
        a, b = text.index("{{"), text.index("}}") + 2
        text = text[:a] + text[b:]
    return text.strip() or "valor"


def human(value, unit):
    if value is None or math.isnan(value):
        return "—"
    if unit == "bytes":
        for suffix in ["B", "KiB", "MiB", "GiB"]:
            if abs(value) < 1024:
                return f"{value:.0f} {suffix}"
            value /= 1024
    if unit == "s":
        return f"{value:.1f} s" if value < 120 else f"{value / 60:.1f} min"
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--inicio", type=float, required=True)
    parser.add_argument("--fim", type=float, required=True)
    parser.add_argument("--painel", required=True)
    parser.add_argument("--saida", required=True)
    args = parser.parse_args()
    dashboard = json.load(open(args.painel))
    panels = dashboard["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    step = max(2, int((args.fim - args.inicio) / 300))
    fig = plt.figure(figsize=(20, rows * 0.42 + 1.2), facecolor="#111217")
    start = datetime.fromtimestamp(args.inicio, timezone.utc).strftime("%d/%m/%Y %H:%M")
    end = datetime.fromtimestamp(args.fim, timezone.utc).strftime("%H:%M UTC")
    fig.suptitle(f"{dashboard['title']} — {start}–{end} (ops/painel: 2 gsan-exemplo, 1 morto e reiniciado, e o gsan-scheduler; as consultas do painel num Prometheus real, desenhadas por ops/painel.py, não pelo Grafana)",
                 color="#d8d9da", fontsize=13, x=0.01, ha="left")
    top = 1 - 0.9 / (rows * 0.42 + 1.2)
    for panel in panels:
        g = panel["gridPos"]
        left, width = g["x"] / 24, g["w"] / 24
        bottom = top - (g["y"] + g["h"]) / rows * top
        height = g["h"] / rows * top
        ax = fig.add_axes([left + 0.006, bottom + 0.012, width - 0.012, height - 0.03], facecolor="#181b1f")
        ax.set_title(panel["title"], color="#d8d9da", fontsize=10, loc="left")
        for spine in ax.spines.values():
            spine.set_color("#2c3235")
        ax.tick_params(colors="#c0c0c0", labelsize=7)
        unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")
        series = []
        for target in panel["targets"]:
            for result in query_range(args.prometheus, target["expr"], args.inicio, args.fim, step):
                points = [(float(t), float(v)) for t, v in result["values"] if v not in ("NaN", "+Inf", "-Inf")]
                if points:
                    series.append((legend(target.get("legendFormat"), result["metric"]), points))
        if panel["type"] == "stat":
            last = max((pts[-1][1] for _, pts in series), default=float("nan"))
            red = not math.isnan(last) and last >= 1 and "execução" not in panel["title"] and "Outbox" not in panel["title"]
            ax.set_facecolor("#73bf69" if not red else "#f2495c")
            if "Outbox" in panel["title"] or "execução" in panel["title"]:
                ax.set_facecolor("#3274d9")
            ax.text(0.5, 0.42, human(last, unit), color="white", fontsize=26, ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([]); ax.set_yticks([])
            continue
        if not series:
            ax.text(0.5, 0.5, "sem dados no período", color="#8e8e8e", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([]); ax.set_yticks([])
            continue
        for name, points in sorted(series, key=lambda s: -max(v for _, v in s[1]))[:10]:
            xs = [datetime.fromtimestamp(t, timezone.utc) for t, _ in points]
            ax.plot(xs, [v for _, v in points], linewidth=1.2, label=name)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
        ax.grid(color="#2c3235", linewidth=0.5)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: human(v, unit)))
        ax.legend(fontsize=6.5, loc="upper left", ncol=2, facecolor="#181b1f", edgecolor="#2c3235", labelcolor="#d8d9da")
    fig.savefig(args.saida, dpi=80, facecolor=fig.get_facecolor())
    print(f"painel: {args.saida} ({len(panels)} painéis, passo {step} s)")


if __name__ == "__main__":
    main()
