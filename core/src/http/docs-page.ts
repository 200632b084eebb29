import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Swagger UI's files come from the swagger-ui-dist package: the docs work without any network. */
export const swaggerAssetsDir = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

export const docsPage = () => `<!doctype html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>KADO API リファレンス / API reference</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <main id="swagger-ui" aria-label="KADO API"></main>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/assets/docs-init.js"></script>
</body>
</html>`;
