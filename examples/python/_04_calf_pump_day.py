"""Example 04: a day of calf-pump movements, hour by hour.

A synthetic 12-hour day (foot and shank IMUs, 50 Hz) with its ground truth: walking bouts, sitting,
legs up, calf raises, seated toe pushes, ankle pumps. The activity stage finds the walking minutes of
each clock hour against the "at least 5 minutes of walking every hour" habit, the still periods and
their posture, the exercise sets with their repetitions, and strides on stairs. It reports activity;
it does not measure venous function. Run:
python examples/python/_04_calf_pump_day.py
"""

import tempfile
from pathlib import Path

import secondheart as sh

out = Path(tempfile.mkdtemp(prefix="secondheart_example_"))

day = sh.synth.day(seed=4, hours=12, sampling_rate_hz=50, insoles=False)
analysis = sh.analyze(day.session)
activity = analysis.activity

print("\n".join(activity.report_lines()))
print(activity.hours[["clock", "worn_min", "walking_min", "steps", "longest_still_min", "sedentary_min",
                      "exercise_repetitions", "habit"]].round(1).to_string(index=False))

# Each exercise set next to what the generator did.
found = activity.exercises[["kind", "side", "start_s", "repetitions", "median_amplitude", "amplitude_unit",
                            "median_hold_s"]]
print(found.round(2).to_string(index=False))
print(day.sets[["kind", "start_s", "repetitions", "amplitude"]].round(2).to_string(index=False))

# Stairs: the terrain of each foot stride (from the trajectory's rise) is a column of the cycles.
print(analysis.cycles.query("source == 'foot_imu'")["terrain"].value_counts().to_string())

figure = out / "day.png"
analysis.plot_day(figure)
print(f"figure written to {figure}")
