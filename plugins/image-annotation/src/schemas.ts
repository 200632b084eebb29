import { z } from '@kado/plugin-sdk';

/** Image extensions a worker's browser can show; anything else would give a task nobody can do. */
export const IMAGE_EXTENSION = /\.(jpe?g|png|webp|gif|bmp)$/i;

/**
 * Why `name` cannot name an uploaded image of the project, or undefined when it can. Files of a project
 * are stored flat by name, so a path (or `..`) could only point outside them.
 */
export function imageNameProblem(name: string): string | undefined {
  if (name.trim() === '') return '画像ファイル名が空です / the image file name is empty';
  if (/[/\\]/.test(name) || name.includes('..'))
    return `画像ファイル名にパス（/ \\ ..）は使えません / the image file name must not contain a path (/ \\ ..): ${name}`;
  if (!IMAGE_EXTENSION.test(name))
    return `画像の拡張子（jpg, jpeg, png, webp, gif, bmp）ではありません / not an image file extension (jpg, jpeg, png, webp, gif, bmp): ${name}`;
  return undefined;
}

const imageFile = z.string().superRefine((name, ctx) => {
  const problem = imageNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const positiveInt = (ja: string, en: string) =>
  z.int({ error: `${ja}は正の整数で指定してください / ${en} must be a positive whole number` }).positive({
    error: `${ja}は正の整数で指定してください / ${en} must be a positive whole number`,
  });

export const orderParameters = z.object({
  labels: z
    .array(z.string().trim().min(1, 'ラベルが空です / a label is empty'))
    .min(1, 'ラベルを1つ以上指定してください / give at least one label')
    .max(100, 'ラベルは100個までです / at most 100 labels')
    .refine((labels) => new Set(labels).size === labels.length, {
      message: 'ラベルが重複しています / the labels must be unique',
    }),
  /** The IoU two boxes need to count as the same object when answers are compared. */
  minIou: z.number().min(0).max(1).optional(),
  instructions: z.string().optional(),
});

export const task = z.object({
  image: z.object({
    file: imageFile,
    width: positiveInt('画像の幅', 'image width').optional(),
    height: positiveInt('画像の高さ', 'image height').optional(),
  }),
  /** The image id of an imported COCO file, written back on export so the client can join the results. */
  sourceId: z.union([z.number(), z.string()]).optional(),
});

const box = z.object({
  x: z.number().min(0, 'x は0以上です / x must be 0 or more'),
  y: z.number().min(0, 'y は0以上です / y must be 0 or more'),
  width: z.number().positive('幅は0より大きくしてください / width must be greater than 0'),
  height: z.number().positive('高さは0より大きくしてください / height must be greater than 0'),
  label: z.string().min(1, 'ラベルが空です / the label is empty'),
});

// Every export format needs the image size (YOLO normalises by it, VOC writes it), and some source files
// (Pascal VOC without <size>) do not carry it: say so rather than write wrong numbers.
const sizeError = (ja: string, en: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `${ja}がありません（画像を読み込んで大きさを記録してください） / ${en} is missing (load the image to record its size)`
      : `${ja}は正の整数（ピクセル）です / ${en} must be a positive whole number of pixels`,
});

export const submission = z.object({
  imageWidth: z
    .int(sizeError('画像の幅 imageWidth', 'imageWidth'))
    .positive(sizeError('画像の幅', 'imageWidth')),
  imageHeight: z
    .int(sizeError('画像の高さ imageHeight', 'imageHeight'))
    .positive(sizeError('画像の高さ', 'imageHeight')),
  boxes: z.array(box),
});

export type OrderParameters = z.output<typeof orderParameters>;
export type Task = z.output<typeof task>;
export type Submission = z.output<typeof submission>;
export type LabelledBox = Submission['boxes'][number];
