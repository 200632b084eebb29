import type { ContractSamples } from '@kado/plugin-sdk/testing';

/** Realistic, small examples shared by the contract test and the other tests. */
export const parameters = {
  labels: ['person', 'car', '信号機'],
  minIou: 0.5,
  instructions: '物体を枠で囲む',
};

export const cocoFile = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    info: { description: 'street' },
    licenses: [],
    categories: [
      { id: 1, name: 'person', supercategory: '' },
      { id: 2, name: 'car', supercategory: '' },
      { id: 3, name: '信号機', supercategory: '' },
    ],
    images: [
      { id: 10, file_name: 'street-001.jpg', width: 640, height: 480 },
      { id: 11, file_name: 'street-002.jpg', width: 640, height: 480 },
    ],
    annotations: [
      {
        id: 1,
        image_id: 10,
        category_id: 1,
        bbox: [10, 20, 50, 120],
        area: 6000,
        iscrowd: 0,
        segmentation: [],
      },
      {
        id: 2,
        image_id: 10,
        category_id: 3,
        bbox: [300, 5, 20, 60],
        area: 1200,
        iscrowd: 0,
        segmentation: [],
      },
    ],
    ...overrides,
  });

export const samples: ContractSamples = {
  tasks: [
    { image: { file: 'street-001.jpg', width: 640, height: 480 }, sourceId: 10 },
    { image: { file: '交差点.png' } },
  ],
  submissions: [
    {
      imageWidth: 640,
      imageHeight: 480,
      boxes: [
        { x: 10, y: 20, width: 50, height: 120, label: 'person' },
        { x: 200.5, y: 300, width: 180, height: 90.25, label: 'car' },
      ],
    },
    { imageWidth: 640, imageHeight: 480, boxes: [] },
  ],
  orderParameters: parameters,
  imports: {
    images: {
      input: 'file,width,height\r\nstreet-001.jpg,640,480\nstreet-002.JPG,,\n交差点.png,1024,768\n',
      badInput: 'file\nstreet-001.jpg\n../secret.jpg\n',
      badRow: 3,
    },
    coco: {
      input: cocoFile(),
      badInput: cocoFile({
        annotations: [
          {
            id: 1,
            image_id: 11,
            category_id: 2,
            bbox: [1, 2, 3, 4],
            iscrowd: 1,
            segmentation: { counts: [] },
          },
        ],
      }),
      badRow: 2,
    },
  },
  accepted: [
    {
      task: { image: { file: 'street-001.jpg', width: 640, height: 480 }, sourceId: 10 },
      submission: {
        imageWidth: 640,
        imageHeight: 480,
        boxes: [{ x: 10, y: 20, width: 50, height: 120, label: 'person' }],
      },
    },
    {
      task: { image: { file: '交差点.png' } },
      submission: {
        imageWidth: 1024,
        imageHeight: 768,
        boxes: [{ x: 0, y: 0, width: 1024, height: 768, label: '信号機' }],
      },
    },
  ],
};
