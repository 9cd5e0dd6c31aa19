# One image for the three lichtruc services and the portal; docker-compose picks the service with the command.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY shared shared
COPY services services
COPY deploy deploy
RUN uv sync --frozen --all-packages --no-dev
ENV PATH=/app/.venv/bin:$PATH
RUN useradd --system lichtruc
USER lichtruc
EXPOSE 8000
CMD ["python", "-m", "roster", "serve", "--host", "0.0.0.0", "--port", "8000"]
