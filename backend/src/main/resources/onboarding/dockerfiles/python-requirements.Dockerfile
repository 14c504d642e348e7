# Proposed by Slipway for a Python service: review it before committing.
# Build stage: dependencies from requirements.txt in a virtual environment.
FROM python:3.13-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .

# Runtime stage: the virtual environment and the code, as an unprivileged user.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PORT={{port}}
RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app:app /app ./
USER app
EXPOSE {{port}}
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:{{port}}{{healthPath}}', timeout=2)" || exit 1
# Exec form: the process gets SIGTERM directly. Replace with your server's command, e.g.
# ["gunicorn", "--bind", "0.0.0.0:{{port}}", "app:app"].
CMD ["python", "{{script}}"]
