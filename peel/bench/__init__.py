"""The benchmark and the headless-Chromium harness the browser tests share."""
