#!/usr/bin/env python3
"""Writes the small format fixtures from the formats' documented headers
(../shared/docs/formats.md). Every file holds the same known motion so that tests can check
units and channels: 1.5 s still with the sensor's z axis up, a 90-degree roll about the
sensor's x axis at pi/3 rad/s (1.5 s), then 1.5 s still (sensor y axis now pointing down... up to
sign). Run from this folder: python3 make_fixtures.py"""
import math, os, zipfile, shutil

G = 9.80665

def motion(rate, duration=4.5, t0=0.0):
    """(t, f_sensor m/s^2 (specific force), w_sensor rad/s, gravity_up_sensor m/s^2, quat sensor->world)."""
    n = int(duration * rate)
    w = math.pi / 3
    out = []
    for i in range(n):
        t = i / rate
        if t < 1.5:
            angle, rate_x = 0.0, 0.0
        elif t < 3.0:
            angle, rate_x = w * (t - 1.5), w
        else:
            angle, rate_x = math.pi / 2, 0.0
        # sensor->world rotation about x by angle; world up in sensor frame = R^T z
        c, s = math.cos(angle), math.sin(angle)
        up = (0.0, s, c)
        f = (G * up[0], G * up[1], G * up[2])
        q = (math.cos(angle / 2), math.sin(angle / 2), 0.0, 0.0)  # w, x, y, z
        out.append((t0 + t, f, (rate_x, 0.0, 0.0), f, q))
    return out

def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="") as fh:
        fh.write(text)

def physics_toolbox():
    rows = ["time,gFx,gFy,gFz,TgF"]
    for t, f, w, g, q in motion(100):
        gx, gy, gz = (v / G for v in f)
        rows.append(f"{t:.3f},{gx:.4f},{gy:.4f},{gz:.4f},{math.sqrt(gx*gx+gy*gy+gz*gz):.4f}")
    write("physics_toolbox.csv", "\n".join(rows) + "\n")

def phyphox(folder):
    acc = ['"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"']
    for t, f, w, g, q in motion(100):
        acc.append(f"{t:.6E},{f[0]:.6E},{f[1]:.6E},{f[2]:.6E}")
    gyr = ['"Time (s)","Gyroscope x (rad/s)","Gyroscope y (rad/s)","Gyroscope z (rad/s)"']
    for t, f, w, g, q in motion(50, t0=0.013):
        gyr.append(f"{t:.6E},{w[0]:.6E},{w[1]:.6E},{w[2]:.6E}")
    write(f"{folder}/Accelerometer.csv", "\n".join(acc) + "\n")
    write(f"{folder}/Gyroscope.csv", "\n".join(gyr) + "\n")
    write(f"{folder}/meta/device.csv", '"property","value"\n"deviceModel","fixture"\n')

def metawear(folder):
    epoch0 = 1550696811419
    def rows(rate, unit, pick, scale):
        out = [f"epoch (ms),time (-05:00),elapsed (s),x-axis ({unit}),y-axis ({unit}),z-axis ({unit})"]
        for t, f, w, g, q in motion(rate):
            ms = epoch0 + round(t * 1000)
            sec = (ms // 1000) % 60
            stamp = f"2019-02-20T16.06.{sec:02d}.{ms % 1000:03d}"
            v = pick(f, w)
            out.append(f"{ms},{stamp},{t:.3f},{v[0]*scale:.3f},{v[1]*scale:.3f},{v[2]*scale:.3f}")
        return "\n".join(out) + "\n"
    write(f"{folder}/fixture_Accelerometer_50.000Hz_1.4.4.csv", rows(50, "g", lambda f, w: f, 1 / G))
    write(f"{folder}/fixture_Gyroscope_100.000Hz_1.4.4.csv", rows(100, "deg/s", lambda f, w: w, 180 / math.pi))

def sensor_logger(folder):
    ns0 = 1700000000000000000
    def rows(pick, header="z,y,x", quat=False):
        out = [f"time,seconds_elapsed,{header}"]
        for t, f, w, g, q in motion(100):
            v = pick(f, w, g, q)
            out.append(f"{ns0 + round(t * 1e9)},{t:.6f}," + ",".join(f"{x:.6f}" for x in v))
        return "\n".join(out) + "\n"
    # Android conventions (gravity points up, as specific force); columns in z,y,x order.
    write(f"{folder}/Accelerometer.csv", rows(lambda f, w, g, q: (0.0, 0.0, 0.0)))          # user acceleration: none
    write(f"{folder}/Gravity.csv", rows(lambda f, w, g, q: (g[2], g[1], g[0])))
    write(f"{folder}/Gyroscope.csv", rows(lambda f, w, g, q: (w[2], w[1], w[0])))
    write(f"{folder}/Orientation.csv", rows(lambda f, w, g, q: (q[3], q[2], q[1], q[0], 0, 0, 0), header="qz,qy,qx,qw,roll,pitch,yaw"))
    write(f"{folder}/Metadata.csv", "version,device name,platform,standardisation\n3,fixture,android,false\n")

def sensorlog():
    cols = ["loggingTime(txt)", "loggingSample(N)", "accelerometerTimestamp_sinceReboot(s)",
            "accelerometerAccelerationX(G)", "accelerometerAccelerationY(G)", "accelerometerAccelerationZ(G)",
            "motionRotationRateX(rad/s)", "motionRotationRateY(rad/s)", "motionRotationRateZ(rad/s)",
            "motionUserAccelerationX(G)", "motionUserAccelerationY(G)", "motionUserAccelerationZ(G)",
            "motionQuaternionX(R)", "motionQuaternionY(R)", "motionQuaternionZ(R)", "motionQuaternionW(R)",
            "motionGravityX(G)", "motionGravityY(G)", "motionGravityZ(G)"]
    out = [",".join(cols)]
    for i, (t, f, w, g, q) in enumerate(motion(100)):
        # CoreMotion: accelerometer and gravity read -1 g along the up axis at rest.
        acc = [-v / G for v in f]
        grav = [-v / G for v in g]
        stamp = f"2023-05-31 14:04:{27 + int(t):02d}.{int((t % 1) * 1000):03d} +0200"
        vals = [stamp, str(i), f"{1000 + t:.4f}", *(f"{v:.5f}" for v in acc), *(f"{v:.5f}" for v in w),
                "0", "0", "0", f"{q[1]:.6f}", f"{q[2]:.6f}", f"{q[3]:.6f}", f"{q[0]:.6f}", *(f"{v:.5f}" for v in grav)]
        out.append(",".join(vals))
    write("sensorlog.csv", "\n".join(out) + "\n")

def kettlebox_like():
    # Semicolon, quoted header, BOM, ISO-8601 local times, CRLF, decimal commas.
    rows = ['\ufeff"Time";"Gx";"Gy";"Gz";"Ax";"Ay";"Az";"ts"']
    for i, (t, f, w, g, q) in enumerate(motion(100)):
        ms = 298 + round(t * 1000)
        stamp = f"2020-08-13T22:11:{3 + ms // 1000:02d}.{ms % 1000:03d}"
        gx, gy, gz = (v * 180 / math.pi for v in w)
        ax, ay, az = (v / G for v in f)
        vals = [f'"{stamp}"'] + [f"{v:.5f}".replace(".", ",") for v in (gx, gy, gz, ax, ay, az)] + [str(59973 + round(t * 1000))]
        rows.append(";".join(vals))
    text = "\r\n".join(rows) + "\r\n\r\n\r\n"
    with open("imu_semicolon.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    # Tab separated, millisecond counter, trailing tabs, truncated last line.
    rows = ["Time\tGx\tGy\tGz\tAx\tAy\tAz\t\t"]
    for t, f, w, g, q in motion(50):
        gx, gy, gz = (v * 180 / math.pi for v in w)
        ax, ay, az = (v / G for v in f)
        rows.append("\t".join([str(7299 + round(t * 1000))] + [f"{v:.2f}" for v in (gx, gy, gz, ax, ay, az)]) + "\t")
    write("imu_tab.log", "\n".join(rows) + "\n7299999\t0.7")

def zip_folder(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                path = os.path.join(root, name)
                z.write(path, os.path.relpath(path, folder))

if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    physics_toolbox()
    phyphox("phyphox")
    zip_folder("phyphox", "phyphox.zip")
    metawear("metawear")
    sensor_logger("sensorlogger")
    zip_folder("sensorlogger", "sensorlogger.zip")
    sensorlog()
    kettlebox_like()
    with zipfile.ZipFile("no_sensor.zip", "w") as z:
        z.writestr("readme.txt", "nothing here\n")
    write("headerless.csv", "".join(f"{i * 10},{0.01*i:.2f},0.0,1.0\n" for i in range(300)))

def wrist_motion():
    """Sensor Logger's watch companion: CoreMotion signs, acceleration and gravity in g."""
    ns0 = 1700000000000000000
    out = ["time,seconds_elapsed,rotationRateX,rotationRateY,rotationRateZ,gravityX,gravityY,gravityZ,"
           "accelerationX,accelerationY,accelerationZ,quaternionW,quaternionX,quaternionY,quaternionZ"]
    for t, f, w, g, q in motion(100):
        grav = [-v / G for v in g]
        vals = [*w, *grav, 0.0, 0.0, 0.0, *q]
        out.append(f"{ns0 + round(t * 1e9)},{t:.6f}," + ",".join(f"{v:.6f}" for v in vals))
    write("WristMotion.csv", "\n".join(out) + "\n")

if __name__ == "__main__":
    wrist_motion()
