"""20 conversations at once against the running web chat's API: no errors, no crosstalk."""

from __future__ import annotations

import statistics
import threading
import time

TOPICS = [
    ("What happened at the talks in Turkiye?", "How long did they last?", "one hour and 40 minutes"),
    ("Who is the Kremlin spokesperson?", "What did he confirm?", "preparations"),
    ("What did Zelensky call for?", "What did he emphasize?", "pressure"),
    ("Who did Lavrov talk to?", "What did Rubio say about Russia's commitments?", "skepticism"),
    ("When will Trump speak with Putin?", "And with Zelensky?", "Monday"),
]
CONVERSATIONS, ROUNDS = 20, 5  # 5 rounds of (question, follow-up): 10 questions each
DEADLINE_S = 300


def test_twenty_concurrent_conversations(app_url: str) -> None:
    from gradio_client import Client

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    started = time.monotonic()

    def converse(number: int) -> None:
        client = Client(app_url, verbose=False)
        history: list[dict[str, str]] = []
        for round_ in range(ROUNDS):
            first, follow, fact = TOPICS[(number + round_) % len(TOPICS)]
            history = []  # each round is a conversation of its own
            for question, expected in ((first, None), (follow, fact)):
                if time.monotonic() - started > DEADLINE_S:
                    return
                began = time.perf_counter()
                try:
                    result = client.predict(question, history, api_name="/chat")
                except Exception as error:  # noqa: BLE001 - every failure is counted
                    with lock:
                        failures.append(f"{number}: {type(error).__name__}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - began)
                    if "error" in result or (expected and expected not in result["text"]):
                        failures.append(f"{number}/{question!r}: {str(result)[:120]}")
                history += [{"role": "user", "content": question}, {"role": "assistant", "content": result["text"]}]

    threads = [threading.Thread(target=converse, args=(n,)) for n in range(CONVERSATIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_S + 60)
    assert failures == []
    assert len(latencies) == CONVERSATIONS * ROUNDS * 2
    ordered = sorted(latencies)
    p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
    print(f"\nload: {len(latencies)} answers, 0 errors, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
