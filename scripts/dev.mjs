// `npm run dev`: the API with reload (tsx watch, port 3000) and the web app with hot reload (Vite, port
// 5173, proxying /api and /socket.io to the API). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npm', ['run', 'dev', '-w', '@kado/core'], { stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '-w', '@kado/ui'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log('KADO dev: web app http://localhost:5173 (hot reload), API http://localhost:3000');
