# Container image for the dashboard. Build: docker build -t mnrls . ; run: docker run -p 8501:8501 mnrls
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /home/app/dashboard

# Dependencies in their own layer: rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app app.py ./
COPY --chown=app:app .streamlit/config.toml .streamlit/config.toml
COPY --chown=app:app pages/ pages/
COPY --chown=app:app ui/ ui/
COPY --chown=app:app analysis/ analysis/
COPY --chown=app:app data/ data/

USER app
EXPOSE 8501
# slim images have no curl: ask the health endpoint with Python.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]
# The same command the browser tests start (tests/e2e/harness.py), bound to all interfaces inside
# the container only.
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
