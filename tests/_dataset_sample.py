"""A deterministic, realistic fine-tuning file: the sample the token estimate is measured on.

Chat-format examples of the kinds people fine-tune for — support replies (English prose),
code help (Python/JS/SQL), extraction to JSON, invoices and tables (numbers), and multilingual
messages (French, German, Spanish, Russian, Japanese, Chinese, emoji) — mixed by fixed weights.
The same seed always gives the same lines. Used by tests/test_dataset*.py and
benchmarks/bench_dataset.py.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

SYSTEM = [
    "You are a helpful customer support assistant for Acme Cloud. Answer briefly and politely.",
    "You are a senior software engineer. Explain code clearly and suggest fixes.",
    "Extract the requested fields from the text and reply with JSON only.",
    "You are an accounting assistant. Check invoices and summarise the totals.",
    "Tu es un assistant qui répond en français, de façon concise.",
    "You translate customer messages into English and classify their sentiment.",
]

PROSE = [
    "Thanks for reaching out about your billing question.",
    "I have checked your account and the charge on March 3rd was for the annual plan.",
    "If you would like a refund, please reply with your order number and we will process it within five business days.",
    "The outage on Tuesday affected about 2% of requests in the eu-west region.",
    "We recommend rotating your API keys every ninety days and storing them in a secrets manager.",
    "Could you tell me which browser and operating system you are using?",
    "Our engineers deployed a fix at 14:32 UTC, and error rates have returned to normal.",
    "You can export your data as CSV from the Settings page under Reports.",
    "Unfortunately, custom domains are only available on the Business tier.",
    "Let me know if there is anything else I can help you with today!",
    "The invoice shows a discount of 15%, which was applied after tax.",
    "I'm sorry for the inconvenience; your replacement device ships tomorrow.",
    "Please make sure the webhook URL uses HTTPS, otherwise requests will be rejected.",
    "Storage is billed per gigabyte-month, rounded up to the nearest tenth.",
    "When the queue is full, new jobs wait until a worker becomes available.",
    "Your subscription renews automatically unless you cancel before the renewal date.",
    "We noticed several failed login attempts from an unfamiliar location.",
    "To reset your password, click 'Forgot password' on the sign-in page.",
    "The quarterly report compares revenue, churn and customer acquisition cost.",
    "Latency improved from 420 ms to 180 ms after we enabled connection pooling.",
    "Hi, my dashboard has been loading very slowly since yesterday's update.",
    "Why was I charged twice this month? I only have one workspace.",
    "Can I downgrade my plan without losing the projects I already created?",
    "The CSV import fails with an error about an unexpected delimiter on row 1,204.",
    "Is there a way to schedule reports so they arrive every Monday morning?",
]

CODE = [
    'def parse_price(text: str) -> float:\n    """Parse "$1,234.50" into 1234.5."""\n    return float(text.replace("$", "").replace(",", ""))\n',
    "for (let i = 0; i < items.length; i++) {\n  total += items[i].price * items[i].qty;\n}\nconsole.log(`Total: ${total.toFixed(2)}`);\n",
    "SELECT customer_id, SUM(amount) AS total\nFROM invoices\nWHERE issued_at >= '2024-01-01'\nGROUP BY customer_id\nORDER BY total DESC\nLIMIT 10;\n",
    "import pandas as pd\n\ndf = pd.read_csv('sales.csv', parse_dates=['date'])\nmonthly = df.groupby(df['date'].dt.to_period('M'))['revenue'].sum()\nprint(monthly.tail(12))\n",
    "class RateLimiter:\n    def __init__(self, rate: int, per: float) -> None:\n        self.rate, self.per = rate, per\n        self.allowance = rate\n\n    def allow(self, elapsed: float) -> bool:\n        self.allowance = min(self.rate, self.allowance + elapsed * self.rate / self.per)\n        if self.allowance < 1:\n            return False\n        self.allowance -= 1\n        return True\n",
    "async function fetchUser(id) {\n  const res = await fetch(`/api/users/${id}`);\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  return res.json();\n}\n",
    '#include <stdio.h>\n\nint main(void) {\n    int n = 10, a = 0, b = 1;\n    for (int i = 0; i < n; i++) { int t = a + b; a = b; b = t; }\n    printf("%d\\n", a);\n    return 0;\n}\n',
    "git checkout -b fix/retry-backoff\ngit commit -am 'Use exponential backoff with jitter'\ngit push -u origin fix/retry-backoff\n",
]

CODE_ASK = [
    "Why does this function return None sometimes?",
    "Can you make this faster? It takes 40 seconds on 2M rows.",
    "I get a TypeError on line 3 when the list is empty.",
    "Please add type hints and a docstring.",
    "How would I write a unit test for this?",
]

MULTI = [
    "Bonjour, je n'arrive pas à télécharger ma facture du mois dernier. Pouvez-vous m'aider ?",
    "Merci beaucoup, le problème est résolu ! Très bonne journée à vous.",
    "Guten Tag, die Lieferung ist leider beschädigt angekommen. Können Sie Ersatz schicken?",
    "Die Rechnung enthält einen Fehler: Der Betrag sollte 249,99 € statt 294,99 € sein.",
    "Hola, ¿cuándo estará disponible la nueva versión de la aplicación para Android?",
    "Здравствуйте! Я не могу войти в свой аккаунт после смены пароля.",
    "注文した商品がまだ届いていません。配送状況を確認していただけますか？",
    "我想取消我的订阅，但是在设置页面找不到取消按钮。",
    "Great service, thank you so much! 🎉👍",
    "Le délai de livraison était trop long 😞 mais le produit est très bien.",
    "São Paulo, Zürich, Kraków and Malmö are all on the shipping list now.",
]

NAMES = [
    "Alice Martin",
    "Bob Chen",
    "Chloé Dubois",
    "Dmitri Ivanov",
    "Emma Schmidt",
    "山田太郎",
    "Lucía García",
]
CITIES = ["Paris", "Berlin", "Madrid", "Tokyo", "New York", "São Paulo", "Zürich"]
PRODUCTS = ["Pro plan", "Team seat", "Storage add-on (100 GB)", "Support package", "API credits"]


def _prose(r: random.Random, n: int) -> str:
    return " ".join(r.choice(PROSE) for _ in range(n))


def _support(r: random.Random) -> list[dict]:
    msgs = [{"role": "system", "content": SYSTEM[0]}]
    for _ in range(r.randint(1, 3)):
        msgs.append({"role": "user", "content": _prose(r, r.randint(1, 3))})
        msgs.append({"role": "assistant", "content": _prose(r, r.randint(2, 6))})
    return msgs


def _code(r: random.Random) -> list[dict]:
    snippet = r.choice(CODE)
    ask = r.choice(CODE_ASK)
    fixed = r.choice(CODE)
    return [
        {"role": "system", "content": SYSTEM[1]},
        {"role": "user", "content": f"{ask}\n\n```\n{snippet}```"},
        {
            "role": "assistant",
            "content": f"{_prose(r, 1)} Here is a version that handles it:\n\n```\n{fixed}```\n{_prose(r, 1)}",
        },
    ]


def _extract(r: random.Random) -> list[dict]:
    name, city = r.choice(NAMES), r.choice(CITIES)
    order = r.randint(10000, 99999)
    amount = round(r.uniform(5, 5000), 2)
    text = (
        f"Customer {name} from {city} wrote on 2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
        f"about order #{order} (amount ${amount:,.2f}). {_prose(r, 2)}"
    )
    answer = {
        "name": name,
        "city": city,
        "order_id": order,
        "amount_usd": amount,
        "sentiment": r.choice(["positive", "neutral", "negative"]),
        "topics": r.sample(["billing", "shipping", "login", "refund", "performance"], 2),
    }
    return [
        {"role": "system", "content": SYSTEM[2]},
        {"role": "user", "content": text},
        {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)},
    ]


def _invoice(r: random.Random) -> list[dict]:
    rows, total = [], 0.0
    for _ in range(r.randint(2, 8)):
        qty, price = r.randint(1, 40), round(r.uniform(1, 900), 2)
        total += qty * price
        rows.append(f"| {r.choice(PRODUCTS)} | {qty} | {price:,.2f} | {qty * price:,.2f} |")
    table = "| Item | Qty | Unit price | Amount |\n|---|---|---|---|\n" + "\n".join(rows)
    vat = total * 0.2
    return [
        {"role": "system", "content": SYSTEM[3]},
        {
            "role": "user",
            "content": f"Invoice INV-{r.randint(1000, 9999)}:\n{table}\nPlease check it.",
        },
        {
            "role": "assistant",
            "content": f"Subtotal {total:,.2f} USD, VAT (20%) {vat:,.2f}, total {total + vat:,.2f} USD. "
            + _prose(r, 1),
        },
    ]


def _multilingual(r: random.Random) -> list[dict]:
    msg = r.choice(MULTI)
    msgs = [{"role": "system", "content": r.choice(SYSTEM[4:])}]
    if r.random() < 0.3:
        msgs.append({"role": "user", "name": "customer", "content": msg})
    else:
        msgs.append({"role": "user", "content": msg})
    reply = r.choice(MULTI) if r.random() < 0.5 else _prose(r, 2)
    msgs.append({"role": "assistant", "content": reply})
    return msgs


KINDS = ((_support, 35), (_code, 20), (_extract, 15), (_invoice, 15), (_multilingual, 15))


def examples(n: int, seed: int = 0) -> Iterator[dict]:
    """``n`` chat-format examples (``{"messages": [...]}``), the same for the same seed."""
    r = random.Random(seed)
    funcs = [f for f, _ in KINDS]
    weights = [w for _, w in KINDS]
    for _ in range(n):
        yield {"messages": r.choices(funcs, weights)[0](r)}


def write(path: Path | str, n: int, seed: int = 0) -> Path:
    """Write ``n`` examples as JSON Lines to ``path``."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for ex in examples(n, seed):
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")
    return path
